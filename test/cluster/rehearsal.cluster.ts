/*
 * Part 3 of the cluster tests: traffic never drops during a rehearsal. With the controllers and
 * three simulated nodes (KWOK), each native reference release is applied step by step (with
 * pruning), then a rolling image update, then one node is drained through the eviction API.
 * Sampled all along: every Service that serves before and after a step has a ready endpoint at
 * every sample, no Deployment falls below `replicas - maxUnavailable` available pods during a
 * rollout, and no PodDisruptionBudget has fewer healthy pods than it promises during the drain.
 * The Argo release is not rehearsed here: it needs the Argo Rollouts controller.
 */
import { ControlPlane, installCrds } from './control-plane';
import { objectKey, selects } from './objects';
import { REFERENCE_RELEASES, rehearse } from '../support/release-steps';

let plane: ControlPlane;
let nodes: string[];

beforeAll(async () => {
  plane = await ControlPlane.start();
  installCrds(plane);
  nodes = await plane.startNodes(3);
}, 240_000);

afterAll(() => plane?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Services that select running pods in a step's manifests (a workload with replicas above 0, or autoscaled). */
function servingServices(objects: any[]): Set<string> {
  const out = new Set<string>();
  const running = objects.filter((o) => o.kind === 'Deployment' && o.spec.replicas !== 0);
  for (const svc of objects.filter((o) => o.kind === 'Service' && o.spec?.selector && o.spec.clusterIP !== 'None')) {
    if (running.some((w) => w.metadata.namespace === svc.metadata.namespace && selects(svc.spec.selector, w.spec.template.metadata.labels))) {
      out.add(`${svc.metadata.namespace}/${svc.metadata.name}`);
    }
  }
  return out;
}

/** Each Deployment's floor: replicas - maxUnavailable, for those with replicas in both steps. */
function floors(before: any[], after: any[]): Map<string, number> {
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

interface Sample {
  readonly ready: Map<string, number>;
  readonly available: Map<string, number>;
  /** Each PodDisruptionBudget's healthy pods against the healthy pods it promises. */
  readonly budgets: Map<string, { healthy: number; promised: number }>;
}

function sample(namespaces: string[]): Sample {
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

/** Every Deployment rolled out as its manifest says. */
function settled(objects: any[]): boolean {
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const live = plane.get('deployments.apps', d.metadata.name, d.metadata.namespace);
    if (!live) return false;
    const want = live.spec.replicas ?? 0;
    const s = live.status ?? {};
    if ((s.observedGeneration ?? 0) < live.metadata.generation) return false;
    if ((s.updatedReplicas ?? 0) < want || (s.availableReplicas ?? 0) < want || (s.replicas ?? 0) > want) return false;
  }
  return true;
}

/**
 * Runs `act`, then samples until `done` (or the timeout), and returns every sample's
 * violations: a serving Service without a ready endpoint, a Deployment below its floor.
 */
async function watch(
  namespaces: string[], services: Set<string>, floor: Map<string, number>, act: () => unknown, done: () => boolean, budgets = false,
): Promise<string[]> {
  const violations: string[] = [];
  const check = () => {
    const s = sample(namespaces);
    for (const svc of services) if ((s.ready.get(svc) ?? 0) < 1) violations.push(`Service ${svc}: no ready endpoint`);
    for (const [d, min] of floor) {
      const got = s.available.get(d) ?? 0;
      if (got < min) violations.push(`Deployment ${d}: ${got} available, below ${min}`);
    }
    for (const [b, { healthy, promised }] of budgets ? s.budgets : []) {
      if (healthy < promised) violations.push(`PodDisruptionBudget ${b}: ${healthy} healthy, below the ${promised} it promises`);
    }
  };
  check();
  let acting = true;
  const action = Promise.resolve(act()).finally(() => { acting = false; });
  const deadline = Date.now() + 240_000;
  let quiet = 0;
  while (Date.now() < deadline) {
    check();
    // Settled twice in a row, the action over: the controllers have nothing left to do.
    quiet = !acting && done() ? quiet + 1 : 0;
    if (quiet >= 2) break;
    await sleep(300);
  }
  await action;
  return quiet >= 2 ? [...new Set(violations)] : [...new Set(violations), 'did not settle within 240 s'];
}

const NATIVE = REFERENCE_RELEASES.filter((r) => r.system !== 'chaos-world-gateway');

describe.each(NATIVE.map((r) => [r.title, r]))('%s', (_title, release) => {
  test('every step, a rolling image update and a node drain keep every Service ready and every Deployment above its floor', async () => {
    const states = rehearse(release);
    const all = states.flatMap(([, m]) => m.map((x) => x.object));
    const namespaces = plane.prepareNamespaces(all).filter((n) => n !== 'kube-system');
    try {
      const first = states[0][1].map((m) => m.object) as any[];
      expect(plane.apply(first).code).toBe(0);
      expect(await watch(namespaces, new Set(), new Map(), () => undefined, () => settled(first))).toEqual([]);
      let previous: any[] = first;
      for (const [name, manifests] of states.slice(1)) {
        const current = manifests.map((m) => m.object) as any[];
        const before = servingServices(previous);
        const services = new Set([...servingServices(current)].filter((s) => before.has(s)));
        const kept = new Set(current.map(objectKey));
        const pruned = previous.filter((o) => !kept.has(objectKey(o)));
        const violations = await watch(namespaces, services, floors(previous, current), () => {
          expect([name, plane.apply(current).code]).toEqual([name, 0]);
          if (pruned.length > 0) plane.kubectlOk(['delete', '--wait=false', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pruned }));
        }, () => settled(current));
        expect([name, violations]).toEqual([name, []]);
        previous = current;
      }

      // A rolling image update of every running Deployment of the last step.
      const bumped = previous.map((o) => (o.kind === 'Deployment' && o.spec.replicas !== 0
        ? { ...o, spec: { ...o.spec, template: { ...o.spec.template, metadata: { ...o.spec.template.metadata, annotations: { ...o.spec.template.metadata.annotations, 'rehearsal/restart': '1' } } } } }
        : o));
      const rolling = await watch(namespaces, servingServices(previous), floors(previous, bumped), () => {
        expect(plane.apply(bumped).code).toBe(0);
      }, () => settled(bumped));
      expect(['rolling update', rolling]).toEqual(['rolling update', []]);

      // A node drain through the eviction API, which the PodDisruptionBudgets gate.
      // A node drain through the eviction API, which the PodDisruptionBudgets gate: kubectl
      // retries an eviction a budget refuses, and the drain completes. Sampled until it ends: a
      // pod that cannot move while the node is cordoned (world-state's required anti-affinity)
      // stays Pending, within its budget. The bound here is each budget (its healthy pods are
      // ready pods), not a Deployment's maxUnavailable, which only a rollout keeps, and whose
      // available count lags minReadySeconds behind a replacement's readiness.
      // The disruption controller updates a budget's status after the pods change: wait until
      // every budget has caught up with the settled rollout before the drain starts.
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && [...sample(namespaces).budgets.values()].some((b) => b.healthy < b.promised)) await sleep(500);
      let drain = { code: -1, stdout: '', stderr: '' };
      const drained = await watch(namespaces, servingServices(bumped), new Map(), async () => {
        drain = await plane.kubectlAsync(['drain', nodes[0], '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=180s']);
      }, () => true, true);
      expect([drain.code, drain.stdout]).toEqual([0, expect.stringContaining(`node/${nodes[0]} drained`)]);
      expect(['drain', drained]).toEqual(['drain', []]);
    } finally {
      plane.kubectl(['uncordon', nodes[0]]);
      plane.removeNamespaces(namespaces);
    }
  }, 900_000);
});
