import { ChangeKind, ChangeSet, running } from './change-set';
import { asString, get, objects } from '../model/json';
import { ManifestModel } from '../model/manifest-model';
import { ManifestObject } from '../model/manifest-object';
import { PodSet } from '../model/pod-set';

/** Counts of objects by what happens to them, per kind. */
export interface KindCounts {
  readonly kind: string;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly unchanged: number;
}

/** A workload whose image or replica count changes. */
export interface WorkloadChange {
  readonly workload: string;
  readonly imagesBefore: string[];
  readonly imagesAfter: string[];
  readonly replicasBefore?: string;
  readonly replicasAfter?: string;
}

/** Where a Service's traffic goes, before and after. */
export interface TrafficChange {
  readonly service: string;
  readonly before: string;
  readonly after: string;
}

/** What a reviewer reads first: what changes, where traffic goes, which release step this is. */
export interface ChangeSummary {
  readonly objects: readonly KindCounts[];
  readonly workloads: readonly WorkloadChange[];
  readonly traffic: readonly TrafficChange[];
  readonly releaseSteps: readonly string[];
}

/** The summary of a change set. */
export function summarizeChange(change: ChangeSet): ChangeSummary {
  const counts = new Map<string, { added: number; removed: number; changed: number; unchanged: number }>();
  for (const c of change.changes) {
    const kind = (c.head ?? c.base)!.kind;
    const entry = counts.get(kind) ?? { added: 0, removed: 0, changed: 0, unchanged: 0 };
    entry[c.kind]++;
    counts.set(kind, entry);
  }
  const workloads: WorkloadChange[] = [];
  for (const c of change.changes) {
    const basePodSet = c.base ? change.podSetOf(c.base) : undefined;
    const headPodSet = c.head ? change.podSetOf(c.head) : undefined;
    if ((!basePodSet && !headPodSet) || !(basePodSet ?? headPodSet)!.longRunning) continue;
    const imagesBefore = basePodSet ? imagesOf(basePodSet) : [];
    const imagesAfter = headPodSet ? imagesOf(headPodSet) : [];
    const replicasBefore = basePodSet ? replicasOf(change.base, basePodSet) : undefined;
    const replicasAfter = headPodSet ? replicasOf(change.head, headPodSet) : undefined;
    const same = JSON.stringify(imagesBefore) === JSON.stringify(imagesAfter) && replicasBefore === replicasAfter;
    if (c.kind === ChangeKind.UNCHANGED || (same && c.kind === ChangeKind.CHANGED)) continue;
    workloads.push({ workload: (c.head ?? c.base)!.display, imagesBefore, imagesAfter, replicasBefore, replicasAfter });
  }
  const traffic: TrafficChange[] = [];
  for (const service of change.head.ofKind('Service')) {
    const base = change.baseOf(service);
    const after = servedBy(change.head, service);
    const before = base ? servedBy(change.base, base) : 'none (new Service)';
    if (before !== after) traffic.push({ service: service.name, before, after });
  }
  for (const c of change.removed) {
    if (c.base!.kind === 'Service') traffic.push({ service: c.base!.name, before: servedBy(change.base, c.base!), after: 'none (Service deleted)' });
  }
  return {
    objects: [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => ({ kind, ...n })),
    workloads,
    traffic,
    releaseSteps: releaseSteps(change),
  };
}

/** The pods behind a Service, as `api-blue: 5 pods (ghcr.io/acme/api:1.2.0)`. */
export function servedBy(model: ManifestModel, service: ManifestObject): string {
  const podSets = model.podSetsOfService(service).filter((p) => p.longRunning);
  if (podSets.length === 0) return 'no pods';
  return podSets.map((p) => `${p.owner.name} (${running(model, p) ? replicasOf(model, p) : '0'})`).join(' + ');
}

function imagesOf(podSet: PodSet): string[] {
  return podSet.containers().map((c) => asString(c.raw.image) ?? '?');
}

function replicasOf(model: ManifestModel, podSet: PodSet): string {
  const scalers = model.scalersOf(podSet);
  if (scalers.length > 0) return `autoscaled ${Math.min(...scalers.map((s) => s.min))}-${Math.max(...scalers.map((s) => s.max ?? s.min))}`;
  return `${podSet.replicas ?? 'per node'}`;
}

/** The release steps the change carries, in words: from blue/green Services and canary weights. */
function releaseSteps(change: ChangeSet): string[] {
  const steps: string[] = [];
  for (const service of change.head.ofKind('Service')) {
    const base = change.baseOf(service);
    if (!base) continue;
    for (const [key, after] of Object.entries(service.annotations)) {
      if (!key.endsWith('/active-color')) continue;
      const before = base.annotations[key];
      if (before && before !== after) steps.push(`${service.name}: active colour ${before} -> ${after} (promote or rollback)`);
    }
  }
  for (const c of change.changed) {
    const basePodSet = change.podSetOf(c.base!);
    const headPodSet = change.podSetOf(c.head!);
    if (!basePodSet || !headPodSet) continue;
    const was = running(change.base, basePodSet);
    const is = running(change.head, headPodSet);
    if (!was && is) steps.push(`${c.head!.name}: scaled up from 0 (stage, or a canary starts)`);
    if (was && !is) steps.push(`${c.head!.name}: scaled to 0 (finalize, abort, or a canary ends)`);
  }
  for (const [kind, field] of [['TraefikService', 'weighted'], ['HTTPRoute', 'rules']] as const) {
    for (const head of change.head.ofKind(kind)) {
      const base = change.baseOf(head);
      if (!base) continue;
      const w = (o: ManifestObject) => JSON.stringify(kind === 'TraefikService'
        ? objects(get(o.spec, field, 'services')).map((s) => [s.name, s.weight])
        : objects(o.spec.rules).flatMap((r) => objects(r.backendRefs).map((b) => [b.name, b.weight])));
      if (w(base) !== w(head)) steps.push(`${head.name}: weights ${w(base)} -> ${w(head)} (canary)`);
    }
  }
  for (const head of change.head.ofKind('Ingress')) {
    const base = change.baseOf(head);
    const key = 'nginx.ingress.kubernetes.io/canary-weight';
    if (base && base.annotations[key] !== head.annotations[key]) steps.push(`${head.name}: canary weight ${base.annotations[key] ?? 0} % -> ${head.annotations[key] ?? 0} %`);
  }
  return steps;
}
