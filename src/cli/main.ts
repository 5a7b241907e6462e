#!/usr/bin/env node
import { runCli } from './cdk8s-zd';
import { endQuietlyOnClosedPipe } from './pipes';

endQuietlyOnClosedPipe([process.stdout, process.stderr], () => process.exit(process.exitCode ?? 0));
process.exitCode = runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
