import { Duration, Testing } from 'cdk8s';
import {
  AnalysisMetric, AnalysisTemplate, BlueGreenEngine, BlueGreenService, BlueGreenServiceProps, Colour, EnvironmentProfile, GoldenSignals, ReleasePhase,
  ReleaseState, ScalingMetric,
} from '../../src';
import { restrictedViolations } from '../support/pod-security';
import { findAll, findOne, synthValid } from '../support/synth';

const OLD = 'ghcr.io/acme/api:1.0.0-aaaaaaa';
const NEW = 'ghcr.io/acme/api:1.1.0-bbbbbbb';

function state(phase: ReleasePhase, activeColour = Colour.BLUE, extra: { warmReplicas?: number } = {}) {
  return ReleaseState.of('release/production.json', {
    activeColour, phase, blueImage: OLD, greenImage: phase === ReleasePhase.STABLE && activeColour === Colour.BLUE ? OLD : NEW, ...extra,
  });
}

function synth(release: ReleaseState, props: Partial<BlueGreenServiceProps> = {}) {
  const chart = Testing.chart();
  const service = new BlueGreenService(chart, 'Api', { name: 'api', profile: EnvironmentProfile.production(), release, ...props });
  return { service, objects: synthValid(chart) };
}

const replicasOf = (objects: any[]) => Object.fromEntries(findAll(objects, 'Deployment').map((d) => [d.metadata.name, d.spec.replicas ?? 'hpa']));
const colourOf = (service: any) => service.spec.selector['zero-downtime.cdk8s.io/color'];

describe('BlueGreenService (native engine)', () => {
  test('stable defaults', () => {
    expect(synth(state(ReleasePhase.STABLE)).objects).toMatchSnapshot();
  });

  test('stable: only the active colour runs; preview selects the idle one', () => {
    const { objects } = synth(state(ReleasePhase.STABLE));
    expect(replicasOf(objects)).toEqual({ 'api-blue': 3, 'api-green': 0 });
    const active = findOne(objects, 'Service', 'api');
    expect(colourOf(active)).toBe('blue');
    expect(active.metadata.annotations).toEqual({ 'zero-downtime.cdk8s.io/active-color': 'blue' });
    expect(colourOf(findOne(objects, 'Service', 'api-preview'))).toBe('green');
    expect(findAll(objects, 'PodDisruptionBudget').map((p) => p.metadata.name)).toEqual(['api-blue']);
  });

  test('the colours differ only in image, colour label and replicas', () => {
    const { objects } = synth(state(ReleasePhase.STAGED));
    const [blue, green] = [findOne(objects, 'Deployment', 'api-blue'), findOne(objects, 'Deployment', 'api-green')];
    const normalise = (d: any) => JSON.parse(JSON.stringify(d)
      .replace(/api-(blue|green)/g, 'api-COLOUR').replace(/"(blue|green)"/g, '"COLOUR"')
      .replace(/1\.[01]\.0-(a|b){7}/g, 'VERSION').replace(new RegExp(`${OLD}|${NEW}`, 'g'), 'IMAGE'));
    expect(normalise(blue)).toEqual(normalise(green));
    expect(blue.spec.template.spec.containers[0].image).toBe(OLD);
    expect(green.spec.template.spec.containers[0].image).toBe(NEW);
    expect(blue.spec.selector.matchLabels['zero-downtime.cdk8s.io/color']).toBe('blue');
  });

  test('staged: both run at full capacity, live traffic unchanged, preview on the new image', () => {
    const { objects } = synth(state(ReleasePhase.STAGED));
    expect(replicasOf(objects)).toEqual({ 'api-blue': 3, 'api-green': 3 });
    expect(colourOf(findOne(objects, 'Service', 'api'))).toBe('blue');
    expect(colourOf(findOne(objects, 'Service', 'api-preview'))).toBe('green');
    expect(findOne(objects, 'Deployment', 'api-green').metadata.annotations['kubernetes.io/change-cause']).toBe('release 1.1.0-bbbbbbb');
  });

  test('promoted: the selector points at the new colour, the old keeps running', () => {
    const { objects } = synth(state(ReleasePhase.PROMOTED, Colour.GREEN));
    expect(replicasOf(objects)).toEqual({ 'api-blue': 3, 'api-green': 3 });
    expect(colourOf(findOne(objects, 'Service', 'api'))).toBe('green');
    expect(colourOf(findOne(objects, 'Service', 'api-preview'))).toBe('blue');
  });

  test('rollback from promoted is one selector change', () => {
    const promoted = synth(state(ReleasePhase.PROMOTED, Colour.GREEN)).objects;
    const rolledBack = synth(state(ReleasePhase.PROMOTED, Colour.GREEN).rollback()).objects;
    const changed = promoted.filter((o, i) => JSON.stringify(o) !== JSON.stringify(rolledBack[i])).map((o) => `${o.kind}/${o.metadata?.name}`);
    // No Deployment, pod, budget or autoscaler changes: only the Services' selectors (and the annotation).
    expect(changed).toEqual(['Service/api', 'Service/api-preview']);
    expect(colourOf(findOne(rolledBack, 'Service', 'api'))).toBe('blue');
    expect(findOne(rolledBack, 'Service', 'api').metadata.annotations).toEqual({ 'zero-downtime.cdk8s.io/active-color': 'blue' });
  });

  test('seed 003 variant: a version: blue|green label; seed 000 annotation domain', () => {
    const { objects } = synth(state(ReleasePhase.STABLE), { colourLabelKey: 'version', annotationDomain: 'gateway.meetinity.io' });
    const active = findOne(objects, 'Service', 'api');
    expect(active.spec.selector).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', 'version': 'blue' });
    expect(active.metadata.annotations).toEqual({ 'gateway.meetinity.io/active-color': 'blue' });
  });

  test('each running colour gets its own HPA and PDB; the staged colour waits at the warm minimum', () => {
    const autoscaling = { metrics: [ScalingMetric.cpuUtilization(65)] };
    const stable = synth(state(ReleasePhase.STABLE), { autoscaling }).objects;
    expect(findAll(stable, 'HorizontalPodAutoscaler').map((h) => [h.spec.scaleTargetRef.name, h.spec.minReplicas])).toEqual([['api-blue', 5]]);
    expect(replicasOf(stable)).toEqual({ 'api-blue': 'hpa', 'api-green': 0 });
    const staged = synth(state(ReleasePhase.STAGED, Colour.BLUE, { warmReplicas: 8 }), { autoscaling }).objects;
    expect(findAll(staged, 'HorizontalPodAutoscaler').map((h) => [h.spec.scaleTargetRef.name, h.spec.minReplicas])).toEqual([['api-blue', 5], ['api-green', 8]]);
    expect(findAll(staged, 'PodDisruptionBudget').map((p) => p.metadata.name)).toEqual(['api-blue', 'api-green']);
  });

  test('smoke test against the preview, named per staged image, only while staged', () => {
    const smokeTest = { image: 'curlimages/curl:8.11.1' };
    expect(findAll(synth(state(ReleasePhase.STABLE), { smokeTest }).objects, 'Job')).toEqual([]);
    const job = findOne(synth(state(ReleasePhase.STAGED), { smokeTest }).objects, 'Job');
    expect(job.metadata.name).toMatch(/^api-preview-smoke-[0-9a-f]{10}$/);
    expect(job.spec.template.spec.containers[0].command).toEqual(['sh', '-c',
      'set -e; for p in /health /metrics; do curl -fsS --max-time 5 -o /dev/null "http://api-preview:80$p"; echo "ok $p"; done']);
    expect(job.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const other = findOne(synth(state(ReleasePhase.STAGED).stage('ghcr.io/acme/api:1.2.0-ccccccc'), { smokeTest }).objects, 'Job');
    expect(other.metadata.name).not.toBe(job.metadata.name);
  });

  describe('rejects', () => {
    test('an active colour with 0 replicas', () => {
      expect(() => synth(state(ReleasePhase.STABLE), { replicas: 0 })).toThrow(
        "test/Api: 'replicas' (0) must be a whole number of at least 1: these pods serve live traffic; set replicas to 1 or more");
    });

    test('ZD007 a mutable image in the release file', () => {
      const release = ReleaseState.of('release/production.json', { activeColour: Colour.BLUE, phase: ReleasePhase.STAGED, blueImage: OLD, greenImage: 'ghcr.io/acme/api:latest' });
      expect(() => synth(release)).toThrow("test/Api: ZD007 'image' (ghcr.io/acme/api:latest) must carry an immutable");
    });

    test('an unpinned smoke-test image', () => {
      expect(() => synth(state(ReleasePhase.STAGED), { smokeTest: { image: 'curlimages/curl' } })).toThrow(
        "test/Api: 'smokeTest.image' (curlimages/curl) must be pinned by a tag other than latest or by a digest; pin the image, for example curlimages/curl:8.11.1");
    });

    test('a smoke-test path with shell characters', () => {
      expect(() => synth(state(ReleasePhase.STAGED), { smokeTest: { image: 'curlimages/curl:8.11.1', paths: ['/health; rm -rf /'] } })).toThrow(
        "test/Api: 'smokeTest.paths' (/health; rm -rf /) must be a URL path of letters, digits and ._~-/ starting with /; write the path without query or shell characters");
    });
  });
});

describe('BlueGreenService (Argo Rollouts engine)', () => {
  function argo(phase: ReleasePhase, extra: Partial<BlueGreenServiceProps> = {}) {
    const chart = Testing.chart();
    const successRate = AnalysisTemplate.successRate(chart, 'SuccessRate', {
      prometheusAddress: 'http://prometheus:9090',
      signals: new GoldenSignals({ requestsMetric: 'requests_total', failedRequestsMetric: 'requests_failed_total', durationHistogram: 'request_duration_seconds' }),
    });
    new BlueGreenService(chart, 'Api', {
      name: 'api',
      profile: EnvironmentProfile.production(),
      release: state(phase),
      engine: BlueGreenEngine.argoRollouts({
        prePromotionAnalysis: [successRate],
        postPromotionAnalysis: [successRate],
        previewReplicaCount: 1,
        abortScaleDownDelay: Duration.seconds(60),
      }),
      ...extra,
    });
    return synthValid(chart);
  }

  test('one Rollout with strategy.blueGreen, manual promotion and analysis', () => {
    const objects = argo(ReleasePhase.STABLE);
    expect(findAll(objects, 'Deployment')).toEqual([]);
    const rollout = findOne(objects, 'Rollout');
    expect(rollout.spec.strategy).toEqual({
      blueGreen: {
        activeService: 'api',
        previewService: 'api-preview',
        autoPromotionEnabled: false,
        scaleDownDelaySeconds: 30,
        previewReplicaCount: 1,
        abortScaleDownDelaySeconds: 60,
        antiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { weight: 100 } },
        prePromotionAnalysis: { templates: [{ templateName: 'success-rate' }], args: [{ name: 'pod-template-hash', valueFrom: { podTemplateHashValue: 'Latest' } }] },
        postPromotionAnalysis: { templates: [{ templateName: 'success-rate' }], args: [{ name: 'pod-template-hash', valueFrom: { podTemplateHashValue: 'Latest' } }] },
      },
    });
    expect(rollout.spec.replicas).toBe(3);
    expect(rollout.spec.template.spec.containers[0].ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(rollout.spec.template.spec.containers[0].readinessProbe.httpGet.port).toBe('http');
    expect(findOne(objects, 'AnalysisTemplate').spec.metrics[0]).toEqual({
      name: 'error-rate',
      interval: '60s',
      count: 5,
      failureLimit: 1,
      // The HighErrorRate alert's threshold, on the pods of the newest ReplicaSet only.
      successCondition: 'result[0] <= 0.05',
      provider: {
        prometheus: {
          address: 'http://prometheus:9090',
          query: '(sum(rate(requests_failed_total{rollouts_pod_template_hash="{{args.pod-template-hash}}"}[5m])) or vector(0)) / sum(rate(requests_total{rollouts_pod_template_hash="{{args.pod-template-hash}}"}[5m]))',
        },
      },
    });
    expect(findOne(objects, 'AnalysisTemplate').spec.args).toEqual([{ name: 'pod-template-hash' }]);
  });

  test('the Rollout supplies every argument its templates expect, and only those', () => {
    const chart = Testing.chart();
    const signals = new GoldenSignals({ requestsMetric: 'requests_total', durationHistogram: 'request_duration_seconds' });
    const byHash = AnalysisTemplate.successRate(chart, 'SuccessRate', { prometheusAddress: 'http://prometheus:9090', signals });
    const byService = new AnalysisTemplate(chart, 'Health', {
      name: 'health',
      metrics: [AnalysisMetric.web('health', { url: 'http://{{args.service-name}}/health', successCondition: 'result == "ok"' })],
    });
    new BlueGreenService(chart, 'Api', {
      name: 'api',
      profile: EnvironmentProfile.production(),
      release: state(ReleasePhase.STAGED),
      engine: BlueGreenEngine.argoRollouts({ prePromotionAnalysis: [byService, byHash], postPromotionAnalysis: [byService] }),
    });
    const blueGreen = findOne(synthValid(chart), 'Rollout').spec.strategy.blueGreen;
    expect(blueGreen.prePromotionAnalysis.args).toEqual([
      { name: 'pod-template-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
      { name: 'service-name', value: 'api-preview' },
    ]);
    expect(blueGreen.postPromotionAnalysis.args).toEqual([{ name: 'service-name', value: 'api' }]);
  });

  test('staging a release changes the Rollout image; the HPA targets the Rollout', () => {
    const objects = argo(ReleasePhase.STAGED, { autoscaling: { metrics: [ScalingMetric.cpuUtilization(70)] } });
    expect(findOne(objects, 'Rollout').spec.template.spec.containers[0].image).toBe(NEW);
    expect(findOne(objects, 'Rollout').spec).not.toHaveProperty('replicas');
    expect(findOne(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api' });
  });

  test('web and job analysis providers', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'Checks', {
      name: 'checks',
      metrics: [
        AnalysisMetric.web('health', { url: 'http://{{args.service-name}}/health', jsonPath: '{$.status}', successCondition: 'result == "ok"' }),
        AnalysisMetric.job('e2e', { image: 'ghcr.io/acme/e2e:1.0.0-abcdef1', command: ['npm', 'run', 'e2e'], count: 1, failureLimit: 0 }),
      ],
    });
    const template = findOne(synthValid(chart), 'AnalysisTemplate');
    expect(template.spec.metrics[0].provider).toEqual({ web: { url: 'http://{{args.service-name}}/health', jsonPath: '{$.status}' } });
    expect(template.spec.metrics[1].provider.job.spec.template.spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(restrictedViolations(template.spec.metrics[1].provider.job.spec.template.spec)).toEqual([]);
  });

  test('an analysis that tolerates as many failures as it measures', () => {
    const chart = Testing.chart();
    expect(() => new AnalysisTemplate(chart, 'Bad', { name: 'bad', metrics: [AnalysisMetric.web('w', { url: 'http://x', successCondition: 'true', count: 2, failureLimit: 2 })] }))
      .toThrow("test/Bad: 'metrics.w' (count 2, failureLimit 2) must have count >= 1 and 0 <= failureLimit < count; measure more often than the failures you tolerate");
  });
});
