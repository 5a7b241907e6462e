/*
 * Part 2 of the cluster tests: each reference release applied step by step as the README tells
 * a user to (test/support/release-steps.ts), server-side, with pruning of what a step removes.
 * No step is refused, and nothing pruned still serves: every workload a Service of the step
 * selects, and every Service a route or Rollout of the step names, is still on the server.
 */
import { inNamespaces, useCluster } from './cluster';
import { toYaml } from './control-plane';
import { objectKey } from './objects';
import { trafficNeeds } from './traffic';
import { REFERENCE_RELEASES, rehearse } from '../support/release-steps';
import { KubeObject } from '../support/schema';

const cluster = useCluster();

/** `kubectl delete` of each object, as `kubectl apply --prune` deletes what the new set lacks. */
function prune(objects: KubeObject[]): void {
  if (objects.length === 0) return;
  cluster.plane.kubectlOk(['delete', '--wait=false', '-f', '-'], toYaml(objects));
}

describe.each(REFERENCE_RELEASES.map((r) => [r.title, r]))('%s', (_title, release) => {
  const states = rehearse(release);

  test('every step is accepted, with pruning, and nothing that serves is deleted', async () => {
    const objects = states.flatMap(([, m]) => m.map((x) => x.object));
    const plane = cluster.plane;
    await inNamespaces(cluster, objects, () => {
      let previous: KubeObject[] = [];
      for (const [name, manifests] of states) {
        const current = manifests.map((m) => m.object);
        const applied = plane.apply(current);
        expect([name, applied.code, applied.stderr]).toEqual([name, 0, '']);
        const kept = new Set(current.map(objectKey));
        prune(previous.filter((o) => !kept.has(objectKey(o))));
        // What the step's traffic needs is on the server, and not being deleted.
        for (const ref of trafficNeeds(current)) {
          const [kind, ns, objectName] = ref.split('/');
          const live = plane.get(kind === 'Rollout' ? 'rollouts.argoproj.io' : kind, objectName, ns);
          expect([name, ref, live !== undefined && live.metadata.deletionTimestamp === undefined]).toEqual([name, ref, true]);
        }
        previous = current;
      }
    });
  }, 600_000);
});
