import { COMBINATIONS, systemObjects, workloads } from './support/apps';
import { expectValidObjects } from './support/schema';
import { findAll } from './support/synth';
import { checkManifests } from '../src/policy/engine';
import { FindingSeverity } from '../src/policy/finding';

const COLOUR_LABELS = ['zero-downtime.cdk8s.io/color', 'gateway.meetinity.io/color', 'version'];

/**
 * Warnings the reference systems keep, each for a reason the README lists ("Accepted warnings"):
 * third-party images pinned by version tag rather than digest.
 */
const ACCEPTED_WARNINGS: { [systemEnvironment: string]: string[] } = {
  'engine-ops/staging': ['ZD007 Job/engine-ops-smoke-23eea97f2e'],
  'engine-ops/production': ['ZD007 Job/engine-ops-preview-smoke-23eea97f2e'],
  'massive-chat/staging': ['ZD007 CronJob/mongodb-backup', 'ZD007 CronJob/postgresql-backup', 'ZD007 Job/api-gateway-smoke-eff3880c41'],
  'massive-chat/production': ['ZD007 CronJob/mongodb-backup', 'ZD007 CronJob/postgresql-backup', 'ZD007 Job/api-gateway-smoke-eff3880c41'],
};

describe.each(COMBINATIONS)('%s in %s', (system, environment) => {
  const objects = systemObjects(system, environment);

  test('every object passes strict schema validation', () => {
    expectValidObjects(objects);
  });

  test('manifests', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every object passes the zero-downtime rules (the engine users run), with only the accepted warnings', () => {
    const report = checkManifests(objects.map((object) => ({ object })), { environment });
    const live = report.findings.filter((f) => f.suppressed === undefined);
    expect(live.filter((f) => f.severity === FindingSeverity.ERROR)).toEqual([]);
    expect(live.map((f) => `${f.rule} ${f.resource.kind}/${f.resource.name}`).sort()).toEqual(ACCEPTED_WARNINGS[`${system}/${environment}`] ?? []);
  });

  test('every workload keeps the hardening promises no rule covers: startup probes, requests and limits, the restricted security context', () => {
    const deployments = workloads(objects);
    expect(deployments.length).toBeGreaterThan(0);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      for (const container of pod.containers) {
        expect(container.startupProbe).toBeDefined();
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
      // Stable selectors: name + instance, plus a fixed colour or track for a release's workloads.
      const { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': instance, ...rest } = deployment.spec.selector.matchLabels;
      expect([name, instance]).toEqual([expect.any(String), expect.any(String)]);
      const fixed = (k: string) => (COLOUR_LABELS.includes(k) && ['blue', 'green'].includes(rest[k])) || (k === 'track' && ['stable', 'canary'].includes(rest[k]));
      expect(Object.keys(rest).every(fixed)).toBe(true);
    }
  });

  if (environment === 'development') {
    test('development runs without budgets and autoscalers', () => {
      expect(findAll(objects, 'PodDisruptionBudget')).toEqual([]);
      expect(findAll(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    });
  }

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
