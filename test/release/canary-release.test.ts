import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AnalysisTemplate, ArgoTrafficRouting, CanaryRelease, CanaryReleaseProps, CanaryState, CanaryStep, CanaryTraffic, EnvironmentProfile, GoldenSignals,
  ScalingMetric,
} from '../../src';
import { findAll, findOne, synthValid } from '../support/synth';

const STABLE = 'registry.local/chat-service:2.0.0-c0ffee1';
const CANARY = 'registry.local/chat-service:2.1.0-9e8d7c6';
const release = (weight: number, canary: string | null = CANARY) =>
  CanaryState.of('release/production.chat-service.json', { stableImage: STABLE, canaryImage: canary ?? undefined, weight });

function synth(props: Partial<CanaryReleaseProps> = {}) {
  const chart = Testing.chart();
  const canary = new CanaryRelease(chart, 'Chat', { name: 'chat', profile: EnvironmentProfile.production(), release: release(10), replicas: 9, ...props });
  return { canary, objects: synthValid(chart) };
}

const replicas = (objects: any[]) => Object.fromEntries(findAll(objects, 'Deployment').map((d) => [d.metadata.name, d.spec.replicas ?? 'hpa']));

describe('CanaryRelease', () => {
  test('replica ratio defaults: 9 stable pods and a 10 % canary of 1, behind one Service', () => {
    const { objects } = synth();
    expect(objects).toMatchSnapshot();
    expect(replicas(objects)).toEqual({ 'chat': 9, 'chat-canary': 1 });
    expect(findOne(objects, 'Service', 'chat').spec.selector).toEqual({ 'app.kubernetes.io/name': 'chat', 'app.kubernetes.io/instance': 'chat' });
    expect(findOne(objects, 'Deployment', 'chat').spec.template.metadata.labels.track).toBe('stable');
    expect(findOne(objects, 'Deployment', 'chat-canary').spec.template.metadata.labels.track).toBe('canary');
    expect(findOne(objects, 'Deployment', 'chat-canary').spec.template.spec.containers[0].image).toBe(CANARY);
    // Each track keeps its own budget: stable (9) has one, the single canary pod none.
    expect(findAll(objects, 'PodDisruptionBudget').map((p) => p.metadata.name)).toEqual(['chat']);
    // The same Services as every mode, plus the one over both tracks.
    expect(findAll(objects, 'Service').map((svc) => [svc.metadata.name, svc.spec.selector.track])).toEqual([['chat', undefined], ['chat-stable', 'stable'], ['chat-canary', 'canary']]);
  });

  test('a 20 % canary beside 4 stable pods is 1 of 5', () => {
    expect(replicas(synth({ replicas: 4, release: release(20) }).objects)).toEqual({ 'chat': 4, 'chat-canary': 1 });
  });

  test('no canary: the canary track is at 0', () => {
    expect(replicas(synth({ release: release(0, null) }).objects)).toEqual({ 'chat': 9, 'chat-canary': 0 });
  });

  test('property: a canary never takes a stable pod; its share is within a point of its weight, or the weight is refused naming the nearest share', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 20 }), fc.integer({ min: 1, max: 99 }), (stable, weight) => {
      let canary: CanaryRelease;
      let objects: any[];
      try {
        ({ canary, objects } = synth({ replicas: stable, release: release(weight) }));
      } catch (e) {
        expect((e as Error).message).toMatch(new RegExp(`^test/Chat: 'release\\.weight' \\(${weight}% \\(from release/production\\.chat-service\\.json\\) with ${stable} stable pods\\) must be a share the pods can give: the nearest is [\\d.]+% \\(\\d+ canary beside ${stable} stable\\); set the weight to \\d+, run \\d+ stable pods for 1 canary at ${weight}%, or route by weight`));
        return;
      }
      expect(replicas(objects).chat).toBe(stable);
      expect(canary.canaryReplicas).toBeGreaterThanOrEqual(1);
      expect(Math.abs((100 * canary.canaryReplicas) / (stable + canary.canaryReplicas) - weight)).toBeLessThanOrEqual(1);
    }), { numRuns: 120 });
  });

  test('a 1 % canary beside 2 stable pods would take 33 %: refused, naming the nearest share and the fixes', () => {
    expect(() => synth({ replicas: 2, release: release(1) })).toThrow(
      "test/Chat: 'release.weight' (1% (from release/production.chat-service.json) with 2 stable pods) must be a share the pods can give: the nearest is 33.3% (1 canary beside 2 stable); set the weight to 33, run 99 stable pods for 1 canary at 1%, or route by weight (CanaryTraffic.traefik(), .gatewayApi(), .nginx())");
  });

  test('Traefik weights reduced to 9 and 1; in production the canary runs 2 pods by default', () => {
    const { objects } = synth({ traffic: CanaryTraffic.traefik(), replicas: 3 });
    expect(replicas(objects)).toEqual({ 'chat': 3, 'chat-canary': 2 });
    expect(findOne(objects, 'TraefikService').spec).toEqual({
      weighted: { services: [{ name: 'chat-stable', port: 80, weight: 9 }, { name: 'chat-canary', port: 80, weight: 1 }] },
    });
    expect(findOne(objects, 'Service', 'chat-canary').spec.selector.track).toBe('canary');
  });

  test('one canary pod behind a weighted route in production: refused (ZD016), a drain would leave its share no endpoint', () => {
    expect(() => synth({ traffic: CanaryTraffic.traefik({ canaryReplicas: 1 }), replicas: 3 })).toThrow(
      'test/Chat/CanaryService (Service/chat-canary): ZD016 Service/chat-canary spec.selector (1 pod at the minimum (Deployment/chat-canary: 1)) '
      + 'must reach at least 2 pods in production, or one eviction or node failure takes the Service down; run at least 2 replicas (or an autoscaler minimum of 2) behind the Service');
  });

  test('Gateway API backendRef weights', () => {
    const { objects } = synth({ traffic: CanaryTraffic.gatewayApi({ gatewayName: 'public', gatewayNamespace: 'gateway-system', hostnames: ['chat.example.com'] }), release: release(25) });
    expect(findOne(objects, 'HTTPRoute').spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateway-system' }],
      hostnames: ['chat.example.com'],
      rules: [{ backendRefs: [{ kind: 'Service', name: 'chat-stable', port: 80, weight: 3 }, { kind: 'Service', name: 'chat-canary', port: 80, weight: 1 }] }],
    });
  });

  test('ingress-nginx canary annotations', () => {
    const { objects } = synth({ traffic: CanaryTraffic.nginx({ host: 'chat.example.com' }), release: release(30) });
    const canary = findOne(objects, 'Ingress', 'chat-canary');
    expect(canary.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '30' });
    expect(canary.spec.rules[0].http.paths[0].backend.service.name).toBe('chat-canary');
    expect(findOne(objects, 'Ingress', 'chat').spec.rules[0].http.paths[0].backend.service.name).toBe('chat-stable');
    expect(findAll(synth({ traffic: CanaryTraffic.nginx({ host: 'chat.example.com' }), release: release(0, null) }).objects, 'Ingress')).toHaveLength(1);
  });

  test('weighted modes autoscale the stable track; the canary keeps its size', () => {
    const { objects } = synth({ traffic: CanaryTraffic.traefik(), autoscaling: { metrics: [ScalingMetric.cpuUtilization(70)] } });
    expect(findAll(objects, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name)).toEqual(['chat']);
    expect(replicas(objects)).toEqual({ 'chat': 'hpa', 'chat-canary': 2 });
  });

  test('Argo Rollouts canary: seed 004 steps, background analysis from step 2, nginx routing', () => {
    const chart = Testing.chart();
    const successRate = AnalysisTemplate.successRate(chart, 'SuccessRate', {
      prometheusAddress: 'http://prometheus:9090',
      signals: new GoldenSignals({ requestsMetric: 't', failedRequestsMetric: 'f', durationHistogram: 'd' }),
    });
    new CanaryRelease(chart, 'Api', {
      name: 'api',
      profile: EnvironmentProfile.staging(),
      release: release(0),
      autoscaling: { metrics: [ScalingMetric.cpuUtilization(70)] },
      traffic: CanaryTraffic.argoRollouts({
        steps: [20, 40, 60, 80].flatMap((w) => [CanaryStep.trafficWeight(w), CanaryStep.pause(Duration.minutes(10))]),
        analysis: [successRate],
        analysisStartingStep: 2,
        trafficRouting: ArgoTrafficRouting.NGINX,
      }),
    });
    const objects = synthValid(chart);
    expect(findOne(objects, 'Rollout').spec.strategy).toEqual({
      canary: {
        stableService: 'api-stable',
        canaryService: 'api-canary',
        maxSurge: 1,
        maxUnavailable: 0,
        steps: [
          { setWeight: 20 }, { pause: { duration: '600s' } }, { setWeight: 40 }, { pause: { duration: '600s' } },
          { setWeight: 60 }, { pause: { duration: '600s' } }, { setWeight: 80 }, { pause: { duration: '600s' } },
        ],
        analysis: { templates: [{ templateName: 'success-rate' }], args: [{ name: 'pod-template-hash', valueFrom: { podTemplateHashValue: 'Latest' } }], startingStep: 2 },
        trafficRouting: { nginx: { stableIngress: 'api' } },
      },
    });
    expect(findOne(objects, 'Rollout').spec.template.spec.containers[0].image).toBe(CANARY);
    expect(findOne(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef.kind).toBe('Rollout');
  });

  describe('rejects', () => {
    const argo = (steps: CanaryStep[], analysisStartingStep?: number) =>
      synth({ release: release(0), traffic: CanaryTraffic.argoRollouts({ steps, analysisStartingStep }) });

    test.each([
      [() => argo([CanaryStep.trafficWeight(40), CanaryStep.trafficWeight(20)]), "test/Chat: 'traffic.argo.steps[1]' (setWeight 20 after 40) must be strictly greater than the previous weight; order the weights from low to high"],
      [() => argo([CanaryStep.trafficWeight(120)]), "test/Chat: 'traffic.argo.steps[0]' (setWeight 120) must be a whole percentage from 0 to 100; use weights such as 20, 40, 60, 80"],
      [() => argo([CanaryStep.trafficWeight(20), CanaryStep.pause(Duration.millis(500))]), "test/Chat: 'traffic.argo.steps[1]' (pause 500ms) must pause a whole number of seconds above 0; use Duration.seconds(...) or Duration.minutes(...), or no duration to wait for a promotion"],
      [() => argo([]), "test/Chat: 'traffic.argo.steps' (an empty list) must hold at least one step; add CanaryStep.trafficWeight(20), CanaryStep.pause(Duration.minutes(10)), ..."],
      [() => synth({ traffic: CanaryTraffic.argoRollouts({ steps: [CanaryStep.trafficWeight(20)] }) }), "test/Chat: 'release.weight' (10% (from release/production.chat-service.json)) must be 0 with Argo Rollouts: the Rollout's steps set the canary's weight, and a weight in the file would be a number nothing reads; set \"weight\": 0 in release/production.chat-service.json (cdk8s-zd canary --weight 0 --file release/production.chat-service.json); once the manifests are rendered, cdk8s-zd canary records an Argo canary at 0 %"],
      [() => argo([CanaryStep.trafficWeight(20)], 3), "test/Chat: 'traffic.argo.analysisStartingStep' (3) must be a step index from 0 to 0; start the analysis at an existing step"],
      [() => synth({ release: release(100) }), "test/Chat: 'release.weight' (100% (from release/production.chat-service.json)) must stay below 100 with replica-ratio routing: the stable pods keep serving their share; promote the canary (cdk8s-zd promote) instead of moving it to 100%"],
      [() => synth({ autoscaling: { metrics: [ScalingMetric.cpuUtilization(70)] } }), "test/Chat: 'autoscaling' (set with CanaryTraffic.replicaRatio()) must be unset: an autoscaler changes the replica counts that set the canary's share; route by weight (CanaryTraffic.traefik(), .gatewayApi(), .nginx(), .argoRollouts()) to autoscale"],
      [() => synth({ traffic: CanaryTraffic.traefik({ canaryReplicas: 0 }) }), "test/Chat: 'traffic.canaryReplicas' (0) must be a whole number of at least 1; set canaryReplicas to 1 or more"],
      [() => synth({ replicas: 0 }), "test/Chat: 'replicas' (0) must be a whole number of at least 1: these pods serve live traffic; set replicas to 1 or more"],
    ])('%#', (action, message) => {
      expect(action).toThrow(message);
    });

    test.each([
      [() => CanaryState.of('f', { stableImage: STABLE, canaryImage: CANARY, weight: 101 }), "f: 'weight' (101) must be a whole percentage from 0 to 100; fix the field or use cdk8s-zd canary --weight <0-100>"],
      [() => CanaryState.of('f', { stableImage: STABLE, weight: 10 }), "f: 'weight' (10) must be 0 while no canary runs; start one with cdk8s-zd canary --image <ref>"],
      [() => CanaryState.parse('f', '{"strategy":"canary","stable":"a:1","wieght":5}'), 'f: \'wieght\' (5) is not a canary release field (strategy, stable, canary, weight, version); fix the field or restore the file from git'],
      [() => CanaryState.parse('f', '{"strategy":"canary","stable":7}'), "f: 'stable' (7) must be an image reference string; fix the field or restore the file from git"],
    ])('canary release file %#', (action, message) => {
      expect(action).toThrow(message);
    });
  });
});
