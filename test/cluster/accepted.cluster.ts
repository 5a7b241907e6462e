/*
 * Part 1 of the cluster tests: every object of every reference system x environment is
 * accepted by a real API server (server-side apply, strict field validation), and the API
 * server's own PodSecurity admission, at `restricted`, admits a pod of every pod template the
 * library renders (Deployments, Argo Rollouts, Jobs and CronJobs).
 */
import { inNamespaces, useCluster } from './cluster';
import { toYaml } from './control-plane';
import { ENVIRONMENTS } from '../../apps/environments';
import { SYSTEMS } from '../../apps/systems';
import { systemChartObjects } from '../support/apps';

const TEMPLATE_PATHS: { [kind: string]: string[] } = {
  Deployment: ['spec', 'template'],
  Rollout: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

const cluster = useCluster();

function podsOf(objects: any[]): Array<{ where: string; pod: any }> {
  const out: Array<{ where: string; pod: any }> = [];
  for (const o of objects) {
    const at = TEMPLATE_PATHS[o.kind];
    if (!at) continue;
    const template = at.reduce((v, k) => v?.[k], o);
    out.push({
      where: `${o.kind}/${o.metadata.name}`,
      pod: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${o.metadata.name}-admission`.slice(0, 63).replace(/-+$/, ''), namespace: o.metadata.namespace, labels: template.metadata?.labels },
        spec: template.spec,
      },
    });
  }
  return out;
}

describe.each(ENVIRONMENTS)('%s', (environment) => {
  test.each(SYSTEMS)('%s: every object is accepted, and PodSecurity admits every pod', async (system) => {
    const charts = systemChartObjects(system, environment) as any[][];
    const objects = charts.flat();
    const plane = cluster.plane;
    // Environments share namespace names: each set starts on an empty cluster.
    await inNamespaces(cluster, objects, (namespaces) => {
      // Each chart is a file, applied as kubectl apply -f applies it.
      for (const chart of charts) {
        const r = plane.apply(chart);
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      }
      // Every object is there, as the server stored it.
      const live = plane.kubectl(['get', '-f', '-', '-o', 'json'], toYaml(objects));
      expect(live.stderr).toBe('');
      const stored = JSON.parse(live.stdout).items.map((o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(stored).toEqual(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`));
      // The namespaces are labelled restricted (their own, or the platform's above).
      for (const ns of namespaces) {
        expect([ns, plane.get('namespace', ns).metadata.labels['pod-security.kubernetes.io/enforce']]).toEqual([ns, 'restricted']);
      }
      // A pod of every template, through the API server's admission (dry run: nothing is kept).
      const pods = podsOf(objects);
      expect(pods.length).toBeGreaterThan(0);
      const admitted = plane.kubectl(['create', '--dry-run=server', '-o', 'name', '-f', '-'], toYaml(pods.map((p) => p.pod)));
      expect({ code: admitted.code, stderr: admitted.stderr }).toEqual({ code: 0, stderr: '' });
      expect(admitted.stdout.trim().split('\n').length).toBe(pods.length);
    });
  }, 300_000);
});

test('the API server enforces restricted: a pod without the restricted security context is refused', async () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'plain', namespace: 'admission-check' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } };
  const r = await inNamespaces(cluster, [pod], () => cluster.plane.kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(pod)));
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('violates PodSecurity "restricted:v1.27": allowPrivilegeEscalation != false');
});
