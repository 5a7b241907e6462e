import { COMBINATIONS, systemObjects } from './support/apps';
import { expectValidObjects } from './support/schema';
import { findAll } from './support/synth';

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
      expect(maxUnavailable).toBeLessThan(Math.max(deployment.spec.replicas, 2));
      expect(Object.keys(deployment.spec.selector.matchLabels).sort()).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/name']);
    }
  });

  test('every Deployment with 2 or more replicas has a PDB that allows an eviction', () => {
    const budgets = findAll(objects, 'PodDisruptionBudget');
    for (const deployment of findAll(objects, 'Deployment')) {
      const budget = budgets.find((b) => JSON.stringify(b.spec.selector) === JSON.stringify(deployment.spec.selector));
      if (environment === 'development' || deployment.spec.replicas < 2) {
        expect(budget).toBeUndefined();
      } else {
        expect(budget?.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
        expect(budget?.spec.maxUnavailable).toBeLessThan(deployment.spec.replicas);
      }
    }
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
