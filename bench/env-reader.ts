/**
 * .env reader benchmark (a measurement, never a test): a 20,000-line file through the parser
 * and through ConfigLayers, and a 32,000-line file with an unterminated quote.
 *
 *   npx projen bench:env
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Testing } from 'cdk8s';
import { ConfigLayers } from '../src';
import { parseEnvFile } from '../src/config/env-file';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
function measure(run: () => void): number {
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    const start = performance.now();
    run();
    if (r > 0) samples.push(performance.now() - start);
  }
  return median(samples);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-env-bench-'));
const ordinary = Array.from({ length: 20000 }, (_, i) => (i % 10 === 0 ? `# section ${i}` : `KEY_${i}="value ${i} with a # hash"`)).join('\n');
fs.writeFileSync(path.join(dir, '.env'), ordinary);
const unterminated = `A="${Array.from({ length: 32000 }, (_, i) => `line ${i}`).join('\n')}`;

console.log(`.env reader benchmark: median of ${ROUNDS} rounds, node ${process.version}`);
console.log(`parse 20,000 lines: ${measure(() => parseEnvFile('.env', ordinary)).toFixed(0)} ms`);
console.log(`ConfigLayers over a 20,000-line .env: ${measure(() => new ConfigLayers(Testing.chart(), 'C', { name: 'cfg', environment: 'development', directory: dir })).toFixed(0)} ms`);
console.log(`32,000 lines after an unterminated quote: ${measure(() => { try { parseEnvFile('.env', unterminated); } catch { /* the error is the point */ } }).toFixed(0)} ms to the error`);
fs.rmSync(dir, { recursive: true });
