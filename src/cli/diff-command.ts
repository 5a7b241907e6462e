import { parseReviewOptions } from './check-command';
import { CliIo } from './io';
import { CHANGE_RULES } from '../policy/diff/change-rules';
import { diffManifests } from '../policy/diff/diff-engine';
import { toJsonDiffReport, toMarkdownDiffReport, toTextDiffReport } from '../policy/diff/diff-format';
import { ReportFormat } from '../policy/format';
import { readManifests } from '../policy/manifest-reader';

export const DIFF_USAGE = [
  'usage: cdk8s-zd diff <base> <head> [--environment <name>] [--kubernetes-version 1.27] [--namespace default] [--format text|markdown|json] [--no-prune] [--staged-in <file|dir>]',
  '',
  'Reviews a change before it is applied: <base> is what is live (the manifests of the target',
  'branch), <head> what the change applies; each a YAML file or a directory. Head is the whole',
  'desired state: an object only in base is deleted (--no-prune: left alone). Runs the',
  'single-snapshot rules on head and the change rules on the pair. --staged-in names the staging',
  'manifests: every image the change brings to production must be one they run (ZD023).',
  '',
  'exit codes: 0 no error finding, 1 an error finding, 2 usage error or unreadable input',
];

/** `cdk8s-zd diff`: returns the exit code. */
export function runDiff(argv: readonly string[], io: CliIo): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    DIFF_USAGE.forEach((l) => io.out(l));
    io.out('');
    io.out('change rules:');
    CHANGE_RULES.forEach((r) => io.out(`  ${r.id} ${r.severity.padEnd(7)} ${r.summary}`));
    return 0;
  }
  const options = parseReviewOptions(argv, ['no-prune']);
  if (typeof options === 'string') {
    io.err(`cdk8s-zd diff: ${options}`);
    io.err(DIFF_USAGE[0]);
    return 2;
  }
  if (options.paths.length !== 2) {
    io.err(`cdk8s-zd diff: name the base and the head manifests (found ${options.paths.length} paths)`);
    io.err(DIFF_USAGE[0]);
    return 2;
  }
  if (options.paths.filter((p) => p === '-').length > 1) {
    io.err('cdk8s-zd diff: only one of base and head can be - (stdin)');
    return 2;
  }
  let base;
  let head;
  let stagedIn;
  try {
    base = readManifests([options.paths[0]], io.stdin);
    head = readManifests([options.paths[1]], io.stdin);
    stagedIn = options.stagedIn === undefined ? undefined : readManifests([options.stagedIn]);
  } catch (e) {
    io.err(`cdk8s-zd diff: ${(e as Error).message}`);
    return 2;
  }
  const report = diffManifests(base, head, {
    environment: options.environment,
    kubernetesVersion: options.kubernetesVersion,
    defaultNamespace: options.namespace,
    prune: !options.flags.has('no-prune'),
    stagedIn,
  });
  const lines = options.format === ReportFormat.JSON ? [toJsonDiffReport(report)]
    : options.format === ReportFormat.MARKDOWN ? toMarkdownDiffReport(report) : toTextDiffReport(report);
  lines.forEach((l) => io.out(l));
  return report.summary.errors > 0 ? 1 : 0;
}
