import { COMBINATIONS, systemObjects } from './support/apps';
import { expectValidObjects, KubeObject } from './support/schema';
import { findAll } from './support/synth';

/** The scaler (HPA or KEDA ScaledObject) that targets a Deployment, if any. */
function scalerOf(objects: KubeObject[], name: string): { min: number; max: number } | undefined {
  const hpa = findAll(objects, 'HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === name);
  if (hpa) return { min: hpa.spec.minReplicas, max: hpa.spec.maxReplicas };
  const keda = findAll(objects, 'ScaledObject').find((k) => k.spec.scaleTargetRef.name === name);
  return keda ? { min: keda.spec.minReplicaCount, max: keda.spec.maxReplicaCount } : undefined;
}

/** The lowest replica count a Deployment runs at: its scaler's minimum, else its replicas. */
function minimumReplicas(objects: KubeObject[], deployment: any): number {
  return scalerOf(objects, deployment.metadata.name)?.min ?? deployment.spec.replicas;
}

describe.each(COMBINATIONS)('%s in %s', (system, environment) => {
  const objects = systemObjects(system, environment);

  test('every object passes strict schema validation', () => {
    expectValidObjects(objects);
  });

  test('manifests', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every Deployment keeps the zero-downtime promises', () => {
    const deployments = findAll(objects, 'Deployment');
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
      const { maxSurge, maxUnavailable } = deployment.spec.strategy.rollingUpdate;
      expect(maxSurge + maxUnavailable).toBeGreaterThan(0);
      expect(maxUnavailable).toBeLessThan(Math.max(minimumReplicas(objects, deployment), 2));
      expect(Object.keys(deployment.spec.selector.matchLabels).sort()).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/name']);
    }
  });

  test('every Deployment with 2 or more replicas has a PDB that allows an eviction', () => {
    const budgets = findAll(objects, 'PodDisruptionBudget');
    for (const deployment of findAll(objects, 'Deployment')) {
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
    for (const deployment of findAll(objects, 'Deployment')) {
      expect(deployment.spec.replicas === undefined).toBe(scalerOf(objects, deployment.metadata.name) !== undefined);
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
      for (const deployment of findAll(objects, 'Deployment')) {
        const pod = deployment.spec.template.spec;
        expect(pod.affinity.podAntiAffinity).toBeDefined();
        expect(pod.topologySpreadConstraints).toHaveLength(1);
        expect(pod.containers[0].image).toMatch(/:v?\d+\.\d+\.\d+-[0-9a-f]{7,40}$|@sha256:/);
      }
    });
  }
});
