/*
 * Part 3 of the cluster tests: traffic never drops during a rehearsal. With the controllers and
 * three simulated nodes (KWOK), each native reference release is applied step by step (with
 * pruning), then a rolling image update, then one node is drained through the eviction API.
 * Sampled all along: every Service that serves before and after a step has a ready endpoint at
 * every sample, no Deployment falls below `replicas - maxUnavailable` available pods during a
 * rollout, and no PodDisruptionBudget has fewer healthy pods than it promises during the drain.
 * In production each Service keeps at least the ready endpoints its budget promises. The Argo
 * release has a rehearsal of its own (argo-rehearsal.cluster.ts).
 */
import { inNamespaces, useCluster } from './cluster';
import { applyStep, deploymentsSettled, drainSampled, floors, servingServices, servingThrough, watch } from './traffic';
import { REFERENCE_RELEASES, rehearse } from '../support/release-steps';

const cluster = useCluster({ nodes: 3 });

const NATIVE = REFERENCE_RELEASES.filter((r) => r.system !== 'chaos-world-gateway');

describe.each(NATIVE.map((r) => [r.title, r]))('%s', (_title, release) => {
  test('every step, a rolling image update and a node drain keep every Service ready and every Deployment above its floor', async () => {
    const states = rehearse(release);
    const all = states.flatMap(([, m]) => m.map((x) => x.object));
    const production = release.environment === 'production';
    const plane = cluster.plane;
    const settled = (objects: any[]) => () => deploymentsSettled(plane, objects);
    await inNamespaces(cluster, all, async (namespaces) => {
      const first = states[0][1].map((m) => m.object) as any[];
      expect(plane.apply(first).code).toBe(0);
      expect(await watch(plane, { namespaces, services: new Map() }, () => undefined, settled(first))).toEqual([]);
      let previous: any[] = first;
      for (const [name, manifests] of states.slice(1)) {
        const current = manifests.map((m) => m.object) as any[];
        const services = servingThrough(previous, current, production);
        const step = () => applyStep(plane, name, previous, current);
        const violations = await watch(plane, { namespaces, services, floors: floors(previous, current) }, step, settled(current));
        expect([name, violations]).toEqual([name, []]);
        previous = current;
      }

      // A rolling image update of every running Deployment of the last step.
      const bumped = previous.map((o) => (o.kind === 'Deployment' && o.spec.replicas !== 0
        ? { ...o, spec: { ...o.spec, template: { ...o.spec.template, metadata: { ...o.spec.template.metadata, annotations: { ...o.spec.template.metadata.annotations, 'rehearsal/restart': '1' } } } } }
        : o));
      const rolling = await watch(plane, { namespaces, services: servingServices(bumped, production), floors: floors(previous, bumped) }, () => {
        expect(plane.apply(bumped).code).toBe(0);
      }, settled(bumped));
      expect(['rolling update', rolling]).toEqual(['rolling update', []]);

      // A node drain through the eviction API (drainSampled says what it holds to).
      const drain = await drainSampled(plane, cluster.nodes[0], { namespaces, services: servingServices(bumped, production) });
      expect(drain).toEqual({ drained: true, output: '', violations: [] });
    });
  }, 900_000);
});
