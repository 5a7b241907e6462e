import { CliIo } from './io';
import { readOption } from './options';
import { DEFAULT_KUBERNETES_VERSION, parseKubernetesVersion } from '../policy/context';
import { checkManifests } from '../policy/engine';
import { ReportFormat, toJsonReport, toMarkdownReport, toTextReport } from '../policy/format';
import { readManifests } from '../policy/manifest-reader';
import { RULES } from '../policy/registry';

/** Options shared by `check` and `diff`. */
export interface ReviewOptions {
  /** Manifest paths (`-` for stdin). */
  readonly paths: string[];
  /** `--environment`. */
  readonly environment?: string;
  /** `--kubernetes-version`. */
  readonly kubernetesVersion: string;
  /** `--namespace`: the namespace of objects without one. */
  readonly namespace: string;
  /** `--format`. */
  readonly format: ReportFormat;
  /** Flags that are not options (`--no-prune`). */
  readonly flags: Set<string>;
  /** `--staged-in`: the manifests of the environment before (staging's), for ZD023. */
  readonly stagedIn?: string;
}

export const CHECK_USAGE = [
  'usage: cdk8s-zd check <file|dir|->... [--environment <name>] [--kubernetes-version 1.27] [--namespace default] [--format text|markdown|json] [--staged-in <file|dir>]',
  '',
  'Runs the zero-downtime rules over manifests from anywhere (cdk8s synth, helm template,',
  'kustomize build, plain YAML). Objects are bound for production with --environment production,',
  'or by the label zero-downtime.cdk8s.io/environment on the object or its Namespace.',
  '--staged-in names the staging manifests: every production image must be one they run (ZD023);',
  'cdk8s-zd diff checks only the images a change brings.',
  '',
  'exit codes: 0 no error finding, 1 an error finding, 2 usage error or unreadable input',
];

/**
 * Parses the options `check` and `diff` share; returns a message for a usage error.
 * `flagNames` are the value-less flags the command accepts.
 */
export function parseReviewOptions(argv: readonly string[], flagNames: readonly string[] = []): ReviewOptions | string {
  const paths: string[] = [];
  const values: { [key: string]: string } = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-' || !arg.startsWith('-')) {
      paths.push(arg);
      continue;
    }
    const flag = arg.replace(/^--?/, '');
    if (flagNames.includes(flag)) {
      flags.add(flag);
      continue;
    }
    const option = readOption(argv, i, ['environment', 'kubernetes-version', 'namespace', 'format', 'staged-in'], (v) => v.startsWith('-') && v !== '-');
    if (typeof option === 'string') return option;
    values[option.key] = option.value;
    i = option.last;
  }
  const format = values.format ?? ReportFormat.TEXT;
  if (!Object.values(ReportFormat).includes(format as ReportFormat)) return `--format (${format}) must be one of text, markdown, json`;
  const kubernetesVersion = values['kubernetes-version'] ?? DEFAULT_KUBERNETES_VERSION;
  if (!parseKubernetesVersion(kubernetesVersion)) return `--kubernetes-version (${kubernetesVersion}) must look like 1.27`;
  if (values['staged-in'] === '-') return '--staged-in must name a file or directory (stdin is for the manifests checked)';
  return { paths, environment: values.environment, kubernetesVersion, namespace: values.namespace ?? 'default', format: format as ReportFormat, flags, stagedIn: values['staged-in'] };
}

/** `cdk8s-zd check`: returns the exit code. */
export function runCheck(argv: readonly string[], io: CliIo): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    CHECK_USAGE.forEach((l) => io.out(l));
    io.out('');
    io.out('rules:');
    RULES.forEach((r) => io.out(`  ${r.id} ${r.severity.padEnd(7)} ${r.summary}`));
    return 0;
  }
  const options = parseReviewOptions(argv);
  if (typeof options === 'string') {
    io.err(`cdk8s-zd check: ${options}`);
    io.err(CHECK_USAGE[0]);
    return 2;
  }
  if (options.paths.length === 0) {
    io.err('cdk8s-zd check: name at least one manifest file or directory, or - for stdin');
    io.err(CHECK_USAGE[0]);
    return 2;
  }
  let inputs;
  let stagedIn;
  try {
    inputs = readManifests(options.paths, io.stdin);
    stagedIn = options.stagedIn === undefined ? undefined : readManifests([options.stagedIn]);
  } catch (e) {
    io.err(`cdk8s-zd check: ${(e as Error).message}`);
    return 2;
  }
  const report = checkManifests(inputs, {
    environment: options.environment,
    kubernetesVersion: options.kubernetesVersion,
    defaultNamespace: options.namespace,
    stagedIn,
  });
  const lines = options.format === ReportFormat.JSON
    ? [toJsonReport(report.findings, report.summary)]
    : options.format === ReportFormat.MARKDOWN ? toMarkdownReport(report.findings, report.summary) : toTextReport(report.findings, report.summary);
  lines.forEach((l) => io.out(l));
  return report.summary.errors > 0 ? 1 : 0;
}
