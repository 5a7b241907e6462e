import { describeObject, Finding, FindingSeverity, FindingSummary } from './finding';

/** The output formats of `check` and `diff`. */
export enum ReportFormat {
  /** One line per finding, for terminals and logs. */
  TEXT = 'text',
  /** A pull-request comment. */
  MARKDOWN = 'markdown',
  /** `{"findings":[...],"summary":{...}}`, for tools. */
  JSON = 'json',
}

const ORDER = [FindingSeverity.ERROR, FindingSeverity.WARNING, FindingSeverity.NOTICE];

/** One finding as a line: `error ZD003 ns/Deployment/api: <message>; fix: <fix>`. */
export function formatFindingLine(f: Finding): string {
  const where = f.source ? ` [${f.source}]` : '';
  const suppressed = f.suppressed !== undefined ? ` (suppressed: ${f.suppressed})` : '';
  return `${f.severity} ${f.rule} ${describeObject(f.resource)}${where}: ${f.message}; fix: ${f.fix}${suppressed}`;
}

/** The JSON document `check --format json` prints: exactly findings and summary. */
export function toJsonReport(findings: readonly Finding[], summary: FindingSummary, extra: { readonly [key: string]: unknown } = {}): string {
  return JSON.stringify({
    findings: findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      object: { apiVersion: f.resource.apiVersion, kind: f.resource.kind, namespace: f.resource.namespaceName ?? null, name: f.resource.name },
      field: f.field,
      message: f.message,
      fix: f.fix,
      ...(f.suppressed !== undefined ? { suppressed: f.suppressed } : {}),
    })),
    summary: { errors: summary.errors, warnings: summary.warnings, notices: summary.notices, objects: summary.objects },
    ...extra,
  }, undefined, 2);
}

/** The one-line verdict. */
export function verdict(summary: FindingSummary): string {
  const counts = `${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}, ${summary.notices} notice${summary.notices === 1 ? '' : 's'} in ${summary.objects} object${summary.objects === 1 ? '' : 's'}`;
  return summary.errors > 0 ? `FAIL: ${counts}` : `PASS: ${counts}`;
}

/** Findings as text lines, most severe first, then the verdict. */
export function toTextReport(findings: readonly Finding[], summary: FindingSummary): string[] {
  const sorted = ORDER.flatMap((s) => findings.filter((f) => f.severity === s && f.suppressed === undefined));
  const suppressed = findings.filter((f) => f.suppressed !== undefined);
  return [...sorted.map(formatFindingLine), ...suppressed.map(formatFindingLine), verdict(summary)];
}

/** Findings as a Markdown section: the verdict, then a table per severity with the fix. */
export function toMarkdownReport(findings: readonly Finding[], summary: FindingSummary, title = 'Zero-downtime check'): string[] {
  const icon = summary.errors > 0 ? '❌' : '✅';
  const lines = [`## ${icon} ${title}`, '', `**${verdict(summary)}**`, ''];
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  for (const severity of ORDER) {
    const group = findings.filter((f) => f.severity === severity && f.suppressed === undefined);
    if (group.length === 0) continue;
    lines.push(`### ${severity === FindingSeverity.ERROR ? 'Errors' : severity === FindingSeverity.WARNING ? 'Warnings' : 'Notices'} (${group.length})`, '');
    lines.push('| Rule | Object | Field | Finding | Fix |', '| --- | --- | --- | --- | --- |');
    for (const f of group) lines.push(`| ${f.rule} | \`${describeObject(f.resource)}\` | \`${cell(f.field)}\` | ${cell(f.message)} | ${cell(f.fix)} |`);
    lines.push('');
  }
  const suppressed = findings.filter((f) => f.suppressed !== undefined);
  if (suppressed.length > 0) {
    lines.push(`<details><summary>Suppressed (${suppressed.length})</summary>`, '', '| Rule | Object | Reason |', '| --- | --- | --- |');
    for (const f of suppressed) lines.push(`| ${f.rule} | \`${describeObject(f.resource)}\` | ${cell(f.suppressed ?? '')} |`);
    lines.push('', '</details>', '');
  }
  return lines;
}
