import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AnalysisTemplate, ArgoTrafficRouting, CanaryRelease, CanaryReleaseProps, CanaryRouting, CanaryState, CanaryStep, EnvironmentProfile, GoldenSignals,
  ScalingMetric,
} from '../../src';
import { findAll, findOne, synthValid } from '../support/synth';

const STABLE = 'registry.local/chat-service:2.0.0-c0ffee1';
const CANARY = 'registry.local/chat-service:2.1.0-9e8d7c6';
const release = (weight: number, canary: string | null = CANARY) =>
  CanaryState.of('release/production.chat-service.json', { stableImage: STABLE, canaryImage: canary ?? undefined, weight });

function synth(props: Partial<CanaryReleaseProps> = {}) {
  const chart = Testing.chart();
  const canary = new CanaryRelease(chart, 'Chat', { name: 'chat', profile: EnvironmentProfile.production(), release: release(10), replicas: 10, ...props });
  return { canary, objects: synthValid(chart) };
}

const replicas = (objects: any[]) => Object.fromEntries(findAll(objects, 'Deployment').map((d) => [d.metadata.name, d.spec.replicas ?? 'hpa']));

describe('CanaryRelease', () => {
  test('replica ratio defaults (seed 003: 9 stable : 1 canary behind one Service)', () => {
    const { objects } = synth();
    expect(objects).toMatchSnapshot();
    expect(replicas(objects)).toEqual({ 'chat': 9, 'chat-canary': 1 });
    expect(findOne(objects, 'Service', 'chat').spec.selector).toEqual({ 'app.kubernetes.io/name': 'chat', 'app.kubernetes.io/instance': 'chat' });
    expect(findOne(objects, 'Deployment', 'chat').spec.template.metadata.labels.track).toBe('stable');
    expect(findOne(objects, 'Deployment', 'chat-canary').spec.template.metadata.labels.track).toBe('canary');
    expect(findOne(objects, 'Deployment', 'chat-canary').spec.template.spec.containers[0].image).toBe(CANARY);
    // Each track keeps its own budget: stable (9) has one, the single canary pod none.
    expect(findAll(objects, 'PodDisruptionBudget').map((p) => p.metadata.name)).toEqual(['chat']);
  });

  test('seed 002: 1 of 5', () => {
    expect(replicas(synth({ replicas: 5, release: release(20) }).objects)).toEqual({ 'chat': 4, 'chat-canary': 1 });
  });

  test('no canary: the canary track is at 0', () => {
    expect(replicas(synth({ release: release(0, null) }).objects)).toEqual({ 'chat': 10, 'chat-canary': 0 });
  });

  test('property: the ratio always leaves a stable pod or fails with the fix', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 100 }), (total, weight) => {
      try {
        const { canary } = synth({ replicas: total, release: release(weight) });
        expect(canary.stableReplicas).toBeGreaterThanOrEqual(1);
        expect(canary.canaryReplicas).toBeGreaterThanOrEqual(1);
        expect(canary.stableReplicas + canary.canaryReplicas).toBe(total);
      } catch (e) {
        expect((e as Error).message).toMatch(/^test\/Chat: 'weight' \(\d+% of \d+ replicas .*\) must leave at least one stable pod; lower the weight, raise replicas, or promote the canary \(cdk8s-zd promote\)$/);
      }
    }), { numRuns: 80 });
  });

  test('Traefik weights reduced to 9 and 1 (seed 003)', () => {
    const { objects } = synth({ routing: CanaryRouting.TRAEFIK, replicas: 3, canaryReplicas: 1 });
    expect(replicas(objects)).toEqual({ 'chat': 3, 'chat-canary': 1 });
    expect(findOne(objects, 'TraefikService').spec).toEqual({
      weighted: { services: [{ name: 'chat-stable', port: 80, weight: 9 }, { name: 'chat-canary', port: 80, weight: 1 }] },
    });
    expect(findOne(objects, 'Service', 'chat-canary').spec.selector.track).toBe('canary');
  });

  test('Gateway API backendRef weights', () => {
    const { objects } = synth({ routing: CanaryRouting.GATEWAY_API, release: release(25), gateway: { gatewayName: 'public', gatewayNamespace: 'gateway-system', hostnames: ['chat.example.com'] } });
    expect(findOne(objects, 'HTTPRoute').spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateway-system' }],
      hostnames: ['chat.example.com'],
      rules: [{ backendRefs: [{ kind: 'Service', name: 'chat-stable', port: 80, weight: 3 }, { kind: 'Service', name: 'chat-canary', port: 80, weight: 1 }] }],
    });
  });

  test('ingress-nginx canary annotations', () => {
    const { objects } = synth({ routing: CanaryRouting.NGINX, release: release(30), ingress: { host: 'chat.example.com' } });
    const canary = findOne(objects, 'Ingress', 'chat-canary');
    expect(canary.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '30' });
    expect(canary.spec.rules[0].http.paths[0].backend.service.name).toBe('chat-canary');
    expect(findOne(objects, 'Ingress', 'chat').spec.rules[0].http.paths[0].backend.service.name).toBe('chat-stable');
    expect(findAll(synth({ routing: CanaryRouting.NGINX, release: release(0, null), ingress: { host: 'chat.example.com' } }).objects, 'Ingress')).toHaveLength(1);
  });

  test('weighted modes autoscale the stable track; the canary keeps its size', () => {
    const { objects } = synth({ routing: CanaryRouting.TRAEFIK, autoscaling: { metrics: [ScalingMetric.cpuUtilization(70)] } });
    expect(findAll(objects, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name)).toEqual(['chat']);
    expect(replicas(objects)).toEqual({ 'chat': 'hpa', 'chat-canary': 1 });
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
      routing: CanaryRouting.ARGO_ROLLOUTS,
      autoscaling: { metrics: [ScalingMetric.cpuUtilization(70)] },
      argo: {
        steps: [20, 40, 60, 80].flatMap((w) => [CanaryStep.trafficWeight(w), CanaryStep.pause(Duration.minutes(10))]),
        analysis: [successRate],
        analysisStartingStep: 2,
        trafficRouting: ArgoTrafficRouting.NGINX,
      },
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
      synth({ routing: CanaryRouting.ARGO_ROLLOUTS, argo: { steps, analysisStartingStep } });

    test.each([
      [() => argo([CanaryStep.trafficWeight(40), CanaryStep.trafficWeight(20)]), "test/Chat: 'argo.steps[1]' (setWeight 20 after 40) must be strictly greater than the previous weight; order the weights from low to high"],
      [() => argo([CanaryStep.trafficWeight(120)]), "test/Chat: 'argo.steps[0]' (setWeight 120) must be a whole percentage from 0 to 100; use weights such as 20, 40, 60, 80"],
      [() => argo([CanaryStep.trafficWeight(20), CanaryStep.pause(Duration.millis(500))]), "test/Chat: 'argo.steps[1]' (pause 500ms) must pause a whole number of seconds above 0; use Duration.seconds(...) or Duration.minutes(...), or no duration to wait for a promotion"],
      [() => argo([]), "test/Chat: 'argo.steps' (an empty list) must hold at least one step; add CanaryStep.trafficWeight(20), CanaryStep.pause(Duration.minutes(10)), ..."],
      [() => argo([CanaryStep.trafficWeight(20)], 3), "test/Chat: 'argo.analysisStartingStep' (3) must be a step index from 0 to 0; start the analysis at an existing step"],
      [() => synth({ routing: CanaryRouting.ARGO_ROLLOUTS }), "test/Chat: 'argo' (unset) must be set with CanaryRouting.ARGO_ROLLOUTS; give argo: { steps: [CanaryStep.trafficWeight(20), CanaryStep.pause(...)] }"],
      [() => synth({ replicas: 1, release: release(50) }), "test/Chat: 'weight' (50% of 1 replicas (1 canary, 0 stable, from release/production.chat-service.json)) must leave at least one stable pod; lower the weight, raise replicas, or promote the canary (cdk8s-zd promote)"],
      [() => synth({ autoscaling: { metrics: [ScalingMetric.cpuUtilization(70)] } }), "test/Chat: 'autoscaling' (set with replica-ratio routing) must be unset: an autoscaler changes the replica counts that set the canary's share; use weighted routing (TRAEFIK, GATEWAY_API, NGINX, ARGO_ROLLOUTS) to autoscale"],
      [() => synth({ routing: CanaryRouting.GATEWAY_API }), "test/Chat: 'gateway' (unset) must name the Gateway with CanaryRouting.GATEWAY_API; give gateway: { gatewayName: ... }"],
      [() => synth({ routing: CanaryRouting.NGINX }), "test/Chat: 'ingress' (unset) must give the host with CanaryRouting.NGINX; give ingress: { host: ... }"],
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
