import { stringify } from 'yaml';
import { ChangeSummary } from './change-summary';
import { DiffReport } from './diff-engine';
import { toJsonReport, toMarkdownReport, toTextReport } from '../format';
import { ChangeKind, ObjectChange, running } from './change-set';
import { ManifestModel } from '../model/manifest-model';
import { ManifestObject } from '../model/manifest-object';

/** The change summary as text lines. */
export function changeLines(changes: ChangeSummary): string[] {
  const lines = ['changes:'];
  for (const k of changes.objects) {
    const parts = [k.added && `+${k.added}`, k.removed && `-${k.removed}`, k.changed && `~${k.changed}`].filter(Boolean);
    if (parts.length > 0) lines.push(`  ${k.kind}: ${parts.join(' ')}`);
  }
  for (const step of changes.releaseSteps) lines.push(`  release: ${step}`);
  for (const t of changes.traffic) lines.push(`  traffic: ${t.service}: ${t.before} -> ${t.after}`);
  for (const w of changes.workloads) {
    lines.push(`  workload: ${w.workload}: ${w.imagesBefore.join(', ') || 'new'} -> ${w.imagesAfter.join(', ') || 'deleted'}, replicas ${w.replicasBefore ?? '-'} -> ${w.replicasAfter ?? '-'}`);
  }
  if (lines.length === 1) lines.push('  none');
  return lines;
}

/** `diff --format text`: the findings, the verdict, then the changes. */
export function toTextDiffReport(report: DiffReport): string[] {
  return [...toTextReport(report.findings, report.summary), ...changeLines(report.changes)];
}

/** `diff --format json`: exactly check's shape, with the change summary under `changes`. */
export function toJsonDiffReport(report: DiffReport): string {
  return toJsonReport(report.findings, report.summary, { changes: report.changes });
}

/**
 * `diff --format markdown`, a pull-request comment: the verdict and the findings grouped by
 * severity, the change summary as tables, the traffic path before and after as a Mermaid
 * flowchart, and each changed object's YAML diff folded under <details>.
 */
export function toMarkdownDiffReport(report: DiffReport): string[] {
  const lines = toMarkdownReport(report.findings, report.summary, 'Zero-downtime review of this change');
  const c = report.changes;
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  lines.push('### What changes', '');
  if (c.releaseSteps.length > 0) {
    lines.push('**Release steps**', '');
    for (const s of c.releaseSteps) lines.push(`- ${cell(s)}`);
    lines.push('');
  }
  lines.push('| Kind | Added | Removed | Changed | Unchanged |', '| --- | ---: | ---: | ---: | ---: |');
  const touched = c.objects.filter((k) => k.added + k.removed + k.changed > 0);
  for (const k of touched) lines.push(`| ${k.kind} | ${k.added} | ${k.removed} | ${k.changed} | ${k.unchanged} |`);
  const untouched = c.objects.filter((k) => k.added + k.removed + k.changed === 0);
  if (untouched.length > 0) lines.push(`| *unchanged* | | | | ${untouched.reduce((n, k) => n + k.unchanged, 0)} (${untouched.map((k) => k.kind).join(', ')}) |`);
  lines.push('');
  if (c.traffic.length > 0) {
    lines.push('| Service | Traffic before | Traffic after |', '| --- | --- | --- |');
    for (const t of c.traffic) lines.push(`| \`${t.service}\` | ${cell(t.before)} | ${cell(t.after)} |`);
    lines.push('');
  }
  if (c.workloads.length > 0) {
    lines.push('| Workload | Image before | Image after | Replicas |', '| --- | --- | --- | --- |');
    for (const w of c.workloads) lines.push(`| \`${w.workload}\` | ${cell(w.imagesBefore.join(', ') || 'new')} | ${cell(w.imagesAfter.join(', ') || 'deleted')} | ${w.replicasBefore ?? '-'} -> ${w.replicasAfter ?? '-'} |`);
    lines.push('');
  }
  lines.push('### Traffic path', '', '```mermaid', ...trafficFlowchart(report), '```', '');
  const changed = report.changeSet.changes.filter((x) => x.kind !== ChangeKind.UNCHANGED);
  if (changed.length > 0) {
    lines.push(`<details><summary>Object diffs (${changed.length})</summary>`, '');
    for (const x of changed.slice(0, 200)) {
      lines.push(`**${x.kind}** \`${(x.head ?? x.base)!.display}\``, '', '```diff', ...yamlDiff(x), '```', '');
    }
    if (changed.length > 200) lines.push(`... and ${changed.length - 200} more`, '');
    lines.push('</details>', '');
  }
  return lines;
}

/** Entry points (Ingress, routes) -> Services -> workloads, before and after, as one flowchart. */
function trafficFlowchart(report: DiffReport): string[] {
  const out = ['flowchart LR'];
  const id = (side: string, o: { kind: string; name: string }) => `${side}_${o.kind}_${o.name}`.replace(/[^A-Za-z0-9_]/g, '_');
  const label = (text: string) => `"${text.replace(/"/g, '\'')}"`;
  for (const [side, model] of [['before', report.changeSet.base], ['after', report.changeSet.head]] as const) {
    out.push(`  subgraph ${side}[${label(side === 'before' ? 'Before (live)' : 'After (this change)')}]`);
    const services = servicesWithTraffic(model);
    for (const ref of model.trafficReferences()) {
      const service = model.find('Service', ref.namespace, ref.name);
      if (!service) continue;
      out.push(`    ${id(side, ref.from)}[${label(`${ref.from.kind} ${ref.from.name}`)}] --> ${id(side, service)}`);
    }
    for (const service of services) {
      out.push(`    ${id(side, service)}([${label(`Service ${service.name}`)}])`);
      for (const p of model.podSetsOfService(service).filter((x) => x.longRunning)) {
        const image = p.containers()[0]?.raw.image;
        const pods = running(model, p) ? `${model.minimumReplicas(p) ?? p.replicas ?? ''} pods` : '0 pods';
        out.push(`    ${id(side, service)} --> ${id(side, p.owner)}[${label(`${p.owner.kind} ${p.owner.name}<br/>${pods}<br/>${String(image ?? '')}`)}]`);
      }
    }
    out.push('  end');
  }
  // Before on the left, after on the right.
  out.push('  before ~~~ after');
  return out;
}

/** The Services clients call: ClusterIP ones, and headless ones a route names (not a monitor's own). */
function servicesWithTraffic(model: ManifestModel): ManifestObject[] {
  const routed = new Set(model.trafficReferences().map((r) => `${r.namespace ?? ''}|${r.name}`));
  return model.ofKind('Service')
    .filter((s) => model.podSetsOfService(s).length > 0 && (s.spec.clusterIP !== 'None' || routed.has(`${s.namespace ?? ''}|${s.name}`)))
    .slice(0, 40);
}

/** A unified line diff of one object's YAML (deleted and added objects show whole). */
export function yamlDiff(change: ObjectChange): string[] {
  const before = change.base ? stringify(change.base.raw).trimEnd().split('\n') : [];
  const after = change.head ? stringify(change.head.raw).trimEnd().split('\n') : [];
  if (before.length * after.length > 250_000) return ['(too large to show: compare the manifests)'];
  // Longest common subsequence, then the edit script.
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push(`  ${before[i]}`);
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push(`- ${before[i]}`);
      i++;
    } else {
      out.push(`+ ${after[j]}`);
      j++;
    }
  }
  return out;
}
