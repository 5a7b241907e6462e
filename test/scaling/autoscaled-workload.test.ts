import { Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import {
  AutoscaledWorkload, AutoscaledWorkloadProps, EnvironmentProfile, GatewayDeployment, KedaTrigger, ScalingMetric,
  ScalingPolicySelect, ScalingPolicyType, ScalingResource, VpaUpdateMode,
} from '../../src';
import { seed004HpaSpec } from '../support/seed-004';
import { findAll, findOne, synthValid } from '../support/synth';

const IMAGE = 'chaos-world/api-gateway:1.0.0-e4d3c2b';

/** Seed 004's hpa.yaml behaviour, number for number. */
const SEED_004_BEHAVIOR: Partial<AutoscaledWorkloadProps> = {
  scaleUp: {
    stabilizationWindow: Duration.seconds(60),
    policies: [
      { unit: ScalingPolicyType.PERCENT, value: 100, period: Duration.seconds(15) },
      { unit: ScalingPolicyType.PODS, value: 4, period: Duration.seconds(15) },
    ],
    selectPolicy: ScalingPolicySelect.MAX,
  },
  scaleDown: {
    stabilizationWindow: Duration.seconds(300),
    policies: [{ unit: ScalingPolicyType.PERCENT, value: 10, period: Duration.seconds(60) }],
    selectPolicy: ScalingPolicySelect.MIN,
  },
};

function setup(props: Partial<AutoscaledWorkloadProps> = {}, profile = EnvironmentProfile.production(), replicas?: number) {
  const chart = Testing.chart();
  const target = new GatewayDeployment(chart, 'Api', { name: 'api-gateway', image: IMAGE, profile, replicas });
  const scaling = new AutoscaledWorkload(chart, 'Scaling', { target, ...props });
  return { chart, target, scaling };
}

function synth(props: Partial<AutoscaledWorkloadProps> = {}, profile = EnvironmentProfile.production(), replicas?: number) {
  const { chart, target, scaling } = setup(props, profile, replicas);
  return { target, scaling, objects: synthValid(chart) };
}

function expectError(props: Partial<AutoscaledWorkloadProps>, message: string, profile = EnvironmentProfile.production()) {
  expect(() => setup(props, profile)).toThrow(message);
}

describe('AutoscaledWorkload', () => {
  test('production defaults', () => {
    const { objects } = synth();
    expect(objects.filter((o) => ['HorizontalPodAutoscaler', 'PodDisruptionBudget'].includes(o.kind))).toMatchSnapshot();
  });

  test('the workload omits spec.replicas once an HPA manages it (ZD005)', () => {
    const { objects } = synth();
    expect(findOne(objects, 'Deployment').spec).not.toHaveProperty('replicas');
  });

  test('profile bounds: staging 3 to 20, production 5 to 50, development none', () => {
    expect(findOne(synth({}, EnvironmentProfile.staging()).objects, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 3, maxReplicas: 20 });
    expect(findOne(synth().objects, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 5, maxReplicas: 50 });
    const development = synth({}, EnvironmentProfile.development());
    expect(findAll(development.objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(findOne(development.objects, 'Deployment').spec.replicas).toBe(1);
    expect(development.scaling.horizontalPodAutoscaler).toBeUndefined();
  });

  test('seed 004 field for field: CPU 70, memory 80, 100 requests per second, behaviour', () => {
    const { objects } = synth({
      minReplicas: 5,
      maxReplicas: 50,
      metrics: [ScalingMetric.cpuUtilization(70), ScalingMetric.memoryUtilization(80), ScalingMetric.podsAverage('api_gateway_requests_per_second', '100')],
      ...SEED_004_BEHAVIOR,
    });
    expect(findOne(objects, 'HorizontalPodAutoscaler').spec).toEqual(seed004HpaSpec({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api-gateway' }));
  });

  test('container resource, Object and External metrics', () => {
    const { objects } = synth({
      metrics: [
        ScalingMetric.containerResourceUtilization('api-gateway', ScalingResource.CPU, 60),
        ScalingMetric.objectValue('requests_per_second', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'api-gateway' }, '2k'),
        ScalingMetric.externalAverage('kafka_consumergroup_lag', '100', { topic: 'notifications' }),
      ],
    });
    expect(findOne(objects, 'HorizontalPodAutoscaler').spec.metrics).toEqual([
      { type: 'ContainerResource', containerResource: { container: 'api-gateway', name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Object', object: { describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'api-gateway' }, metric: { name: 'requests_per_second' }, target: { type: 'Value', value: '2k' } } },
      { type: 'External', external: { metric: { name: 'kafka_consumergroup_lag', selector: { matchLabels: { topic: 'notifications' } } }, target: { type: 'AverageValue', averageValue: '100' } } },
    ]);
  });

  test('the PDB allows an eviction at minReplicas and follows a changed minimum', () => {
    for (const minReplicas of [2, 3, 7]) {
      const { objects } = synth({ minReplicas, maxReplicas: 10 });
      const pdb = findOne(objects, 'PodDisruptionBudget');
      expect(pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
      expect(pdb.spec.maxUnavailable).toBeLessThan(minReplicas);
    }
  });

  test('an HPA minimum of 2 on a single-replica workload creates the budget the minimum needs', () => {
    const { objects } = synth({ minReplicas: 2, maxReplicas: 4 }, EnvironmentProfile.production(), 1);
    expect(findOne(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  test('VPA in recommendation mode (seed 004)', () => {
    const { objects } = synth({
      verticalScaling: {
        updateMode: VpaUpdateMode.OFF,
        minAllowed: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) },
        maxAllowed: { cpu: Cpu.units(2), memory: Size.gibibytes(4) },
        controlledResources: ['cpu', 'memory'],
      },
    });
    expect(findOne(objects, 'VerticalPodAutoscaler').spec).toEqual({
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api-gateway' },
      updatePolicy: { updateMode: 'Off' },
      resourcePolicy: {
        containerPolicies: [{
          containerName: 'api-gateway',
          minAllowed: { cpu: '100m', memory: '128Mi' },
          maxAllowed: { cpu: '2', memory: '4Gi' },
          controlledResources: ['cpu', 'memory'],
        }],
      },
    });
  });

  test('a VPA in Auto mode is fine when the HPA scales on another metric', () => {
    expect(() => synth({ metrics: [ScalingMetric.podsAverage('active_sockets', '1000')], verticalScaling: { updateMode: VpaUpdateMode.AUTO } })).not.toThrow();
  });

  test('KEDA ScaledObject for Kafka lag instead of an HPA', () => {
    const { objects } = synth({
      eventDriven: {
        triggers: [KedaTrigger.kafkaLag({ bootstrapServers: 'kafka:9092', consumerGroup: 'notifications', topic: 'notifications', lagThreshold: 100 })],
      },
      minReplicas: 2,
      maxReplicas: 30,
    });
    expect(findAll(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(findOne(objects, 'Deployment').spec).not.toHaveProperty('replicas');
    expect(findOne(objects, 'ScaledObject').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api-gateway' },
      minReplicaCount: 2,
      maxReplicaCount: 30,
      pollingInterval: 30,
      cooldownPeriod: 300,
      triggers: [{ type: 'kafka', metadata: { bootstrapServers: 'kafka:9092', consumerGroup: 'notifications', topic: 'notifications', lagThreshold: '100' } }],
    });
  });

  test('KEDA carries the scaling behaviour', () => {
    const { objects } = synth({ eventDriven: { triggers: [KedaTrigger.prometheus({ serverAddress: 'http://prometheus:9090', query: 'sum(rate(x[1m]))', threshold: 50 })] }, ...SEED_004_BEHAVIOR });
    expect(findOne(objects, 'ScaledObject').spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
  });

  describe('rejects with the path, the value and the fix', () => {
    test('min above max', () => {
      expectError({ minReplicas: 6, maxReplicas: 5 }, "test/Scaling: 'maxReplicas' (5) must be a whole number at least minReplicas (6); set maxReplicas to 6 or more, or lower minReplicas");
    });

    test('minimum of zero', () => {
      expectError({ minReplicas: 0 }, "test/Scaling: 'minReplicas' (0) must be a whole number of at least 1 (scaling to zero drops traffic); set minReplicas to 2 or more", EnvironmentProfile.development());
    });

    test('ZD004 production minimum of one', () => {
      expectError({ minReplicas: 1, maxReplicas: 4 },
        "test/Scaling: ZD004 'minReplicas' (1) must be at least 2 in production, so a node drain or a crash never takes the only pod; set minReplicas to 2 or more");
    });

    test('utilisation out of range', () => {
      expectError({ metrics: [ScalingMetric.cpuUtilization(120)] },
        "test/Scaling: 'metrics' (cpu utilization 120%) must be a whole percentage above 0 and at most 100; use a target such as 70");
      expectError({ metrics: [ScalingMetric.memoryUtilization(0)] },
        "test/Scaling: 'metrics' (memory utilization 0%) must be a whole percentage above 0 and at most 100; use a target such as 70");
    });

    test('invalid metric name', () => {
      expectError({ metrics: [ScalingMetric.podsAverage('requests per second', '100')] },
        'test/Scaling: \'metrics\' (metric name "requests per second") must be a metric name of letters, digits, _ and : not starting with a digit; use the name the metrics adapter exposes, such as api_gateway_requests_per_second');
    });

    test('invalid target quantity', () => {
      expectError({ metrics: [ScalingMetric.podsAverage('rps', 'lots')] },
        'test/Scaling: \'metrics\' (target "lots" for rps) must be a positive Kubernetes quantity; use a value such as "100" or "500m"');
    });

    test('unknown container', () => {
      expectError({ metrics: [ScalingMetric.containerResourceUtilization('sidecar', ScalingResource.CPU, 50)] },
        "test/Scaling: 'metrics' (container sidecar) must be one of the target's containers (api-gateway); name an existing container");
    });

    test('behaviour periods and values', () => {
      expectError({ scaleUp: { policies: [{ unit: ScalingPolicyType.PODS, value: 4, period: Duration.seconds(0) }] } },
        "test/Scaling: 'scaleUp.policies' (period 0s) must be from 1 to 1800 seconds; use a period such as 15 or 60 seconds");
      expectError({ scaleDown: { policies: [{ unit: ScalingPolicyType.PERCENT, value: 0, period: Duration.seconds(60) }] } },
        "test/Scaling: 'scaleDown.policies' (Percent value 0) must be a whole number of at least 1; use ScalingPolicySelect.DISABLED to stop scaling in this direction");
      expectError({ scaleDown: { stabilizationWindow: Duration.hours(2) } },
        "test/Scaling: 'scaleDown.stabilizationWindow' (7200s) must be from 0 to 3600 seconds; use a window such as 300 seconds");
      expectError({ scaleDown: { policies: [] } },
        "test/Scaling: 'scaleDown.policies' (an empty list) must hold at least one policy; add a policy or leave policies unset for the defaults");
    });

    test('ZD009 VPA evicting pods on a resource the HPA scales on', () => {
      expectError({ verticalScaling: { updateMode: VpaUpdateMode.AUTO } },
        "test/Scaling: ZD009 'verticalScaling.updateMode' (Auto on cpu) must be Off or Initial while the HPA scales on cpu; use VpaUpdateMode.OFF (recommendations only), or scale the HPA on another metric");
      expectError({ metrics: [ScalingMetric.memoryUtilization(80)], verticalScaling: { updateMode: VpaUpdateMode.RECREATE, controlledResources: ['memory'] } },
        "test/Scaling: ZD009 'verticalScaling.updateMode' (Recreate on memory) must be Off or Initial while the HPA scales on memory; use VpaUpdateMode.OFF (recommendations only), or scale the HPA on another metric");
    });

    test('HPA metrics together with KEDA', () => {
      expectError({ metrics: [ScalingMetric.cpuUtilization(70)], eventDriven: { triggers: [KedaTrigger.custom('cpu', { value: '70' })] } },
        "test/Scaling: 'metrics' (1 HPA metrics with eventDriven) must be empty when KEDA scales the workload (KEDA owns the HPA); express the metrics as KEDA triggers, or drop eventDriven");
    });

    test('a second autoscaler on the same workload', () => {
      const { chart, target } = setup();
      expect(() => new AutoscaledWorkload(chart, 'Again', { target })).toThrow(
        "test/Api: 'autoscaler' (a second one) must be attached once; scale the workload with one AutoscaledWorkload");
    });
  });
});

describe('ZD005 utilisation needs requests on every container', () => {
  test('a target without the requested resource', () => {
    const chart = Testing.chart();
    const target = {
      ...new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE, profile: EnvironmentProfile.staging() }),
      node: chart.node,
      scaleTarget: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      profile: EnvironmentProfile.staging(),
      labels: {},
      containerNames: ['api', 'sidecar'],
      requestedResources: ['cpu'],
      scaleExternally: () => undefined,
    };
    expect(() => new AutoscaledWorkload(chart, 'Scaling', { target, metrics: [ScalingMetric.memoryUtilization(70)] })).toThrow(
      "test/Scaling: ZD005 'metrics' (memory utilization on containers api, sidecar without memory requests) needs a memory request on every container of the target; set memory requests on the workload, or scale on an AverageValue target instead");
  });
});
