/*
 * What the rehearsals sample (part 3 of the cluster tests): which Services receive traffic in a
 * step and how many ready endpoints each keeps at least, each Deployment's availability floor
 * while it rolls, each PodDisruptionBudget's promise, and a sampler that watches them while a
 * step runs.
 */
import { ControlPlane, KubectlResult } from './control-plane';
import { objectKey } from './objects';
import { ManifestModel } from '../../src/policy/model/manifest-model';
import { allowedEvictions } from '../../src/policy/rules/zd004-disruption-budget';
import { KubeObject } from '../support/schema';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Services that receive traffic in a step's manifests, each with the ready endpoints it
 * keeps at least: they select a running workload (a Deployment with replicas above 0, or a
 * Rollout), are not headless, and are not a Rollout's preview or canary Service (those move
 * to pods that are not ready yet by design; users reach the active or stable one). In
 * production the least is what the budget of the pods keeps through a disruption (the lowest
 * replica count, the autoscaler's minimum if any, less the evictions the budget allows), else 1.
 */
export function servingServices(objects: readonly KubeObject[], production: boolean): Map<string, number> {
  const model = ManifestModel.build(objects.map((object) => ({ object })));
  const moving = new Set(model.ofKind('Rollout').flatMap((r) => model.rolloutServices(r))
    .filter((s) => s.role === 'previewService' || s.role === 'canaryService').map((s) => `${s.namespace}/${s.name}`));
  const out = new Map<string, number>();
  for (const svc of model.ofKind('Service')) {
    const key = `${svc.namespace}/${svc.name}`;
    if (!svc.spec.selector || svc.spec.clusterIP === 'None' || moving.has(key)) continue;
    const running = model.podSetsOfService(svc).filter((p) => p.owner.kind === 'Rollout' || (p.owner.kind === 'Deployment' && p.replicas !== 0));
    if (running.length === 0) continue;
    let least = 0;
    for (const podSet of running) {
      const replicas = model.minimumReplicas(podSet) ?? 1;
      const allowed = Math.max(0, ...model.budgetsOf(podSet).map((b) => allowedEvictions(b.spec, replicas) ?? replicas));
      least += model.budgetsOf(podSet).length > 0 ? replicas - allowed : replicas;
    }
    out.set(key, production ? Math.max(1, least) : 1);
  }
  return out;
}

/**
 * What a step's traffic needs on the server, as `Kind/namespace/name`: the Deployments and
 * Rollouts its Services select, and the Services its Ingresses, routes and Rollouts name (read
 * as the rules read them, ManifestModel).
 */
export function trafficNeeds(objects: readonly KubeObject[]): string[] {
  const model = ManifestModel.build(objects.map((object) => ({ object })));
  const needed = new Set<string>();
  for (const svc of model.ofKind('Service')) {
    for (const podSet of model.podSetsOfService(svc)) {
      if (podSet.owner.kind === 'Deployment' || podSet.owner.kind === 'Rollout') needed.add(`${podSet.owner.kind}/${podSet.owner.namespace}/${podSet.owner.name}`);
    }
  }
  const references = [...model.trafficReferences(), ...model.ofKind('Rollout').flatMap((r) => model.rolloutServices(r))];
  for (const ref of references) needed.add(`Service/${ref.namespace}/${ref.name}`);
  return [...needed].sort();
}

/** The Services that receive traffic both before and after a step, with the lower of their two minimums. */
export function servingThrough(before: readonly KubeObject[], after: readonly KubeObject[], production: boolean): Map<string, number> {
  const was = servingServices(before, production);
  const out = new Map<string, number>();
  for (const [svc, least] of servingServices(after, production)) {
    const earlier = was.get(svc);
    if (earlier !== undefined) out.set(svc, Math.min(earlier, least));
  }
  return out;
}

/** Each Deployment's floor: replicas - maxUnavailable, for those with replicas in both steps. */
export function floors(before: readonly any[], after: readonly any[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of after.filter((o) => o.kind === 'Deployment')) {
    const prev = before.find((o) => o.kind === 'Deployment' && o.metadata.namespace === d.metadata.namespace && o.metadata.name === d.metadata.name);
    const replicas = Math.min(prev?.spec.replicas ?? 0, d.spec.replicas ?? 0);
    if (replicas <= 0) continue;
    const raw = d.spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%';
    const unavailable = typeof raw === 'number' ? raw : Math.floor((replicas * Number(String(raw).replace('%', ''))) / 100);
    out.set(`${d.metadata.namespace}/${d.metadata.name}`, replicas - unavailable);
  }
  return out;
}

/** One sample of the cluster. */
export interface Sample {
  /** Each Service's ready endpoints (EndpointSlices). */
  readonly ready: Map<string, number>;
  /** Each Deployment's available replicas. */
  readonly available: Map<string, number>;
  /** Each PodDisruptionBudget's healthy pods against the healthy pods it promises. */
  readonly budgets: Map<string, { healthy: number; promised: number }>;
}

export function sample(plane: ControlPlane, namespaces: readonly string[]): Sample {
  const ready = new Map<string, number>();
  const available = new Map<string, number>();
  const budgets = new Map<string, { healthy: number; promised: number }>();
  for (const ns of namespaces) {
    const r = plane.kubectl(['get', 'endpointslices.discovery.k8s.io,deployments.apps,poddisruptionbudgets.policy', '-n', ns, '-o', 'json']);
    if (r.code !== 0) continue;
    for (const o of JSON.parse(r.stdout).items) {
      if (o.kind === 'EndpointSlice') {
        const service = `${ns}/${o.metadata.labels?.['kubernetes.io/service-name']}`;
        const count = (o.endpoints ?? []).filter((e: any) => e.conditions?.ready === true).length;
        ready.set(service, (ready.get(service) ?? 0) + count);
      } else if (o.kind === 'PodDisruptionBudget') {
        if (o.status?.desiredHealthy !== undefined) budgets.set(`${ns}/${o.metadata.name}`, { healthy: o.status.currentHealthy ?? 0, promised: o.status.desiredHealthy });
      } else {
        available.set(`${ns}/${o.metadata.name}`, o.status?.availableReplicas ?? 0);
      }
    }
  }
  return { ready, available, budgets };
}

/** What a watch checks at every sample. */
export interface Watch {
  readonly namespaces: readonly string[];
  /** The Services that must keep ready endpoints, with the least each keeps. */
  readonly services: ReadonlyMap<string, number>;
  /** The Deployments' availability floors. @default none */
  readonly floors?: ReadonlyMap<string, number>;
  /** Whether every PodDisruptionBudget must hold (during a drain). @default false */
  readonly budgets?: boolean;
  /** How long the step may take. @default 240 s */
  readonly timeoutMs?: number;
}

/**
 * Runs `act`, then samples every 300 ms until `done` holds twice in a row after `act` ended (or
 * the timeout), and returns every violation seen: a Service below its ready endpoints, a
 * Deployment below its floor, a budget below its promise.
 */
export async function watch(plane: ControlPlane, w: Watch, act: () => unknown, done: () => boolean): Promise<string[]> {
  const violations: string[] = [];
  const check = () => {
    const s = sample(plane, w.namespaces);
    for (const [svc, least] of w.services) {
      const got = s.ready.get(svc) ?? 0;
      if (got < least) violations.push(`Service ${svc}: ${got} ready endpoints, below ${least}`);
    }
    for (const [d, min] of w.floors ?? []) {
      const got = s.available.get(d) ?? 0;
      if (got < min) violations.push(`Deployment ${d}: ${got} available, below ${min}`);
    }
    for (const [b, { healthy, promised }] of w.budgets ? s.budgets : []) {
      if (healthy < promised) violations.push(`PodDisruptionBudget ${b}: ${healthy} healthy, below the ${promised} it promises`);
    }
  };
  check();
  let acting = true;
  const action = Promise.resolve(act()).finally(() => { acting = false; });
  const timeout = w.timeoutMs ?? 240_000;
  const deadline = Date.now() + timeout;
  let quiet = 0;
  while (Date.now() < deadline) {
    check();
    // Done twice in a row, the action over: the controllers have nothing left to do.
    quiet = !acting && done() ? quiet + 1 : 0;
    if (quiet >= 2) break;
    await sleep(300);
  }
  await action;
  return quiet >= 2 ? [...new Set(violations)] : [...new Set(violations), `did not settle within ${timeout / 1000} s`];
}

/** Every Deployment of the manifests rolled out as its manifest says, at its autoscaler's minimum at least. */
export function deploymentsSettled(plane: ControlPlane, objects: readonly any[]): boolean {
  const model = ManifestModel.build(objects.map((object) => ({ object })));
  for (const podSet of model.podSets.filter((p) => p.owner.kind === 'Deployment')) {
    const live = plane.get('deployments.apps', podSet.owner.name, podSet.owner.namespace);
    if (!live) return false;
    const want = live.spec.replicas ?? 0;
    const s = live.status ?? {};
    if (podSet.replicas !== 0 && want < (model.minimumReplicas(podSet) ?? 0)) return false;
    if ((s.observedGeneration ?? 0) < live.metadata.generation) return false;
    if ((s.updatedReplicas ?? 0) < want || (s.availableReplicas ?? 0) < want || (s.replicas ?? 0) > want) return false;
  }
  return true;
}

/**
 * One release step on the server: its objects applied (server-side, or client-side as
 * `kubectl apply` does), then what the previous step had and this one lacks deleted, as
 * `kubectl apply --prune` deletes it. Throws on a refusal.
 */
export function applyStep(
  plane: ControlPlane, name: string, previous: readonly KubeObject[], current: readonly KubeObject[], options: { clientSide?: boolean } = {},
): void {
  const applied = options.clientSide ? plane.applyClientSide(current) : plane.apply(current);
  if (applied.code !== 0) throw new Error(`${name}: the server refused the step:\n${applied.stderr}`);
  const kept = new Set(current.map(objectKey));
  const pruned = previous.filter((o) => !kept.has(objectKey(o)));
  if (pruned.length > 0) plane.kubectlOk(['delete', '--wait=false', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pruned }));
}

/**
 * `kubectl drain` of a node through the eviction API, which the PodDisruptionBudgets gate:
 * kubectl retries an eviction a budget refuses, and the drain completes. Sampled until it ends,
 * every budget must hold (its healthy pods are ready pods). A pod that cannot move while the
 * node is cordoned (a required anti-affinity) stays Pending, within its budget. The bound is
 * each budget, not a Deployment's maxUnavailable, which only a rollout keeps, and whose
 * available count lags minReadySeconds behind a replacement's readiness. The disruption
 * controller updates a budget's status after the pods change, so the drain starts once every
 * budget has caught up with the settled rollout. `drained` says the drain completed (else
 * `output` says why), `violations` what the samples found.
 */
export async function drainSampled(
  plane: ControlPlane, node: string, w: Omit<Watch, 'budgets' | 'floors'>,
): Promise<{ drained: boolean; output: string; violations: string[] }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && [...sample(plane, w.namespaces).budgets.values()].some((b) => b.healthy < b.promised)) await sleep(500);
  let result: KubectlResult = { code: -1, stdout: '', stderr: '' };
  const violations = await watch(plane, { ...w, budgets: true }, async () => {
    result = await plane.kubectlAsync(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=180s']);
  }, () => true);
  const drained = result.code === 0 && result.stdout.includes(`node/${node} drained`);
  return { drained, output: drained ? '' : `kubectl drain exited ${result.code}:\n${result.stderr}${result.stdout}`, violations };
}
