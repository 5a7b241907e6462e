import { COMBINATIONS, systemObjects, workloads } from './support/apps';
import { expectValidObjects, KubeObject } from './support/schema';
import { findAll } from './support/synth';

const COLOUR_LABELS = ['zero-downtime.cdk8s.io/color', 'gateway.meetinity.io/color', 'version'];

/** The scaler (HPA or KEDA ScaledObject) that targets a workload, if any. */
function scalerOf(objects: KubeObject[], workload: any): { min: number; max: number } | undefined {
  const name = workload.metadata.name;
  const hpa = findAll(objects, 'HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.kind === workload.kind && h.spec.scaleTargetRef.name === name);
  if (hpa) return { min: hpa.spec.minReplicas, max: hpa.spec.maxReplicas };
  const keda = findAll(objects, 'ScaledObject').find((k) => k.spec.scaleTargetRef.name === name);
  return keda ? { min: keda.spec.minReplicaCount, max: keda.spec.maxReplicaCount } : undefined;
}

/** The lowest replica count a workload runs at: its scaler's minimum, else its replicas. */
function minimumReplicas(objects: KubeObject[], workload: any): number {
  return scalerOf(objects, workload)?.min ?? workload.spec.replicas;
}

describe.each(COMBINATIONS)('%s in %s', (system, environment) => {
  const objects = systemObjects(system, environment);

  test('every object passes strict schema validation', () => {
    expectValidObjects(objects);
  });

  test('manifests', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every workload keeps the zero-downtime promises', () => {
    const deployments = workloads(objects);
    expect(deployments.length).toBeGreaterThan(0);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      for (const container of pod.containers) {
        expect(container.startupProbe).toBeDefined();
        expect(container.readinessProbe).toBeDefined();
        expect(container.livenessProbe.httpGet.path).not.toBe(container.readinessProbe.httpGet.path);
        const preStop = Number(container.lifecycle.preStop.exec.command[1]);
        expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop);
        expect(container.resources.requests).toEqual(expect.objectContaining({ 'cpu': expect.any(String), 'memory': expect.any(String), 'ephemeral-storage': expect.any(String) }));
        expect(container.resources.limits).toEqual(expect.objectContaining({ 'cpu': expect.any(String), 'memory': expect.any(String), 'ephemeral-storage': expect.any(String) }));
        expect(container.securityContext).toMatchObject({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
      }
      expect(pod.automountServiceAccountToken).toBe(false);
      if (deployment.kind === 'Deployment') {
        const { maxSurge, maxUnavailable } = deployment.spec.strategy.rollingUpdate;
        expect(maxSurge + maxUnavailable).toBeGreaterThan(0);
        expect(maxUnavailable).toBeLessThan(Math.max(minimumReplicas(objects, deployment), 2));
      }
      // Stable selectors: name + instance, plus a fixed colour or track for a release's workloads.
      const { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': instance, ...rest } = deployment.spec.selector.matchLabels;
      expect([name, instance]).toEqual([expect.any(String), expect.any(String)]);
      const fixed = (k: string) => (COLOUR_LABELS.includes(k) && ['blue', 'green'].includes(rest[k])) || (k === 'track' && ['stable', 'canary'].includes(rest[k]));
      expect(Object.keys(rest).every(fixed)).toBe(true);
    }
  });

  test('every workload with 2 or more replicas has a PDB that allows an eviction', () => {
    const budgets = findAll(objects, 'PodDisruptionBudget');
    for (const deployment of workloads(objects)) {
      const budget = budgets.find((b) => JSON.stringify(b.spec.selector) === JSON.stringify(deployment.spec.selector));
      const minimum = minimumReplicas(objects, deployment);
      if (environment === 'development' || minimum < 2) {
        expect(budget).toBeUndefined();
      } else {
        expect(budget?.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
        expect(budget?.spec.maxUnavailable).toBeLessThan(minimum);
      }
    }
  });

  test('autoscaled workloads omit spec.replicas and every scaler targets an object in the same manifests', () => {
    for (const workload of workloads(objects)) {
      expect(workload.spec.replicas === undefined).toBe(scalerOf(objects, workload) !== undefined);
    }
    const targets = [
      ...findAll(objects, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef),
      ...findAll(objects, 'ScaledObject').map((k) => k.spec.scaleTargetRef),
      ...findAll(objects, 'VerticalPodAutoscaler').map((v) => v.spec.targetRef),
    ];
    for (const ref of targets) {
      expect(objects.filter((o) => o.apiVersion === ref.apiVersion && o.kind === ref.kind && o.metadata?.name === ref.name)).toHaveLength(1);
    }
    if (environment === 'development') expect(findAll(objects, 'HorizontalPodAutoscaler')).toEqual([]);
  });

  if (environment === 'production') {
    test('production pods are spread and run immutable images', () => {
      for (const deployment of workloads(objects)) {
        const pod = deployment.spec.template.spec;
        expect(pod.affinity.podAntiAffinity).toBeDefined();
        expect(pod.topologySpreadConstraints).toHaveLength(1);
        expect(pod.containers[0].image).toMatch(/:v?\d+\.\d+\.\d+-[0-9a-f]{7,40}$|@sha256:/);
      }
    });
  }
});
