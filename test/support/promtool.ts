/*
 * PromQL checked by the real parser: Prometheus's promtool (Debian's `prometheus` package,
 * installed by .ci/install-tools). A machine without it fails the tests that need it, with the
 * command to run, rather than skipping them.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

function promtool(args: string[]): { ok: boolean; output: string } {
  try {
    const output = execFileSync('promtool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, output };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (err.code === 'ENOENT') throw new Error('promtool is not on the PATH: run `bash .ci/install-tools` (Debian\'s prometheus package)');
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

function withFile<T>(name: string, content: string, use: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-'));
  try {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return use(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `promtool check rules` on a rule file (a PrometheusRule's spec): '' when valid, else promtool's report. */
export function checkRuleFile(spec: unknown): string {
  return withFile('rules.yaml', stringify(spec), (file) => {
    const result = promtool(['check', 'rules', file]);
    return result.ok ? '' : result.output;
  });
}

/**
 * Parses PromQL expressions with promtool, each as a recording rule: '' when all parse, else
 * promtool's report naming the expression's label.
 */
export function checkExpressions(expressions: { [label: string]: string }): string {
  const labels = Object.keys(expressions);
  if (labels.length === 0) return '';
  const rules = labels.map((label, i) => ({ record: `check:expression_${i}`, expr: expressions[label], labels: { source: label } }));
  return checkRuleFile({ groups: [{ name: 'expressions', rules }] });
}

/**
 * A prometheus-adapter metricsQuery as the adapter fills it for one request: `<<.Series>>`, the
 * `<<.LabelMatchers>>` of a namespace and its pods, `<<.GroupBy>>` pod.
 */
export function fillAdapterQuery(metricsQuery: string, series: string): string {
  return metricsQuery
    .replace(/<<\.Series>>/g, series)
    .replace(/<<\.LabelMatchers>>/g, 'namespace="ns",pod=~"api-1|api-2"')
    .replace(/<<\.GroupBy>>/g, 'pod');
}
