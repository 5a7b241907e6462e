import * as path from 'path';
import { Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { gatewayConfigYaml } from './config-file';
import {
  AnalysisTemplate, AutoscaledWorkload, AutoscalingOptions, BlueGreenService, ConfigLayers, EnvironmentProfile, GatewayDeployment,
  ReleaseEngine, ReleaseState, ResourcePreset, ScalingMetric, ScalingPolicySelect, ScalingPolicyType, SecretSource, TaintEffect,
  VpaUpdateMode, WorkloadPodProps,
} from '../../src';
import { APPS_DIR, PerEnvironment, releaseFile, SystemChartProps } from '../environments';

const NAMESPACE = 'api-gateway';

/** Seed 004: deployment.yaml (staging sizing) and values-production.yaml. */
const VALUES: PerEnvironment<{ replicas: number; resources: ResourcePreset }> = {
  development: { replicas: 1, resources: ResourcePreset.small() },
  staging: {
    replicas: 3,
    resources: ResourcePreset.of('seed-004-default', {
      cpuRequest: Cpu.millis(250),
      cpuLimit: Cpu.millis(500),
      memoryRequest: Size.mebibytes(512),
      memoryLimit: Size.gibibytes(1),
    }),
  },
  production: {
    replicas: 5,
    resources: ResourcePreset.of('seed-004-production', {
      cpuRequest: Cpu.millis(500),
      cpuLimit: Cpu.millis(1000),
      memoryRequest: Size.gibibytes(1),
      memoryLimit: Size.gibibytes(2),
      ephemeralStorageRequest: Size.mebibytes(256),
      ephemeralStorageLimit: Size.gibibytes(1),
    }),
  },
};

/**
 * Chaos World API gateway (seed 004): config.yaml mounted read-only from a hashed ConfigMap,
 * secrets by reference to api-gateway-secrets, ClusterIP + headless Service, seed probes,
 * Linux nodes, tolerating control-plane taints.
 */
export class ChaosWorldGatewayChart extends Chart {
  /** Environment variables, the mounted config.yaml and the Secret references. */
  public readonly config: ConfigLayers;
  /** The rolling gateway (development). */
  public readonly gateway?: GatewayDeployment;
  /** The Argo Rollouts blue/green release with its HPA (3 to 20, 5 to 50) and VPA (staging, production). */
  public readonly release?: BlueGreenService;

  constructor(scope: Construct, id: string, props: SystemChartProps) {
    super(scope, id, { namespace: NAMESPACE });
    const values = VALUES[props.environment];
    this.config = new ConfigLayers(this, 'Config', {
      name: 'api-gateway-config',
      namespace: NAMESPACE,
      directory: props.configDirectory ?? path.join(APPS_DIR, 'chaos-world-gateway', 'env'),
      environment: props.environment,
      secrets: SecretSource.existingSecret('api-gateway-secrets'),
      secretKeys: {
        JWT_SECRET: 'jwt-secret',
        CONSUL_TOKEN: 'consul-token',
        MONGODB_PASSWORD: 'mongodb-password',
        REDIS_PASSWORD: 'redis-password',
      },
      files: [{ fileName: 'config.yaml', content: gatewayConfigYaml(props.environment) }],
      filesMountPath: '/app/configs',
    });
    const pod: WorkloadPodProps = {
      name: 'api-gateway',
      namespace: NAMESPACE,
      partOf: 'chaos-world',
      component: 'api-gateway',
      profile: EnvironmentProfile.fromName(props.environment),
      resources: values.resources,
      port: 8080,
      liveness: { initialDelay: Duration.seconds(30), period: Duration.seconds(10), timeout: Duration.seconds(5), failureThreshold: 3 },
      readiness: { initialDelay: Duration.seconds(5), period: Duration.seconds(5), timeout: Duration.seconds(3), failureThreshold: 3 },
      config: this.config,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'node-role.kubernetes.io/master', effect: TaintEffect.NO_SCHEDULE }],
    };
    const autoscaling: AutoscalingOptions = {
      // Seed 004's hpa.yaml, number for number; bounds from the profile (values-production.yaml: 5 to 50).
      metrics: [
        ScalingMetric.cpuUtilization(70),
        ScalingMetric.memoryUtilization(80),
        ScalingMetric.podsAverage('api_gateway_requests_per_second', '100'),
      ],
      scaleUp: {
        stabilizationWindow: Duration.seconds(60),
        policies: [
          { type: ScalingPolicyType.PERCENT, value: 100, period: Duration.seconds(15) },
          { type: ScalingPolicyType.PODS, value: 4, period: Duration.seconds(15) },
        ],
        selectPolicy: ScalingPolicySelect.MAX,
      },
      scaleDown: {
        stabilizationWindow: Duration.seconds(300),
        policies: [{ type: ScalingPolicyType.PERCENT, value: 10, period: Duration.seconds(60) }],
        selectPolicy: ScalingPolicySelect.MIN,
      },
      // Seed 004 runs its VPA in Auto mode beside an HPA on the same CPU and memory: the two
      // fight (ZD009). Off keeps the recommendations without the evictions.
      verticalScaling: {
        updateMode: VpaUpdateMode.OFF,
        minAllowed: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) },
        maxAllowed: { cpu: Cpu.units(2), memory: Size.gibibytes(4) },
        controlledResources: ['cpu', 'memory'],
      },
    };

    if (props.environment === 'development') {
      this.gateway = new GatewayDeployment(this, 'ApiGateway', {
        ...pod,
        image: 'chaos-world/api-gateway:1.0.0-e4d3c2b',
        replicas: values.replicas,
        headlessService: true,
      });
      new AutoscaledWorkload(this, 'Scaling', { ...autoscaling, target: this.gateway });
      return;
    }
    // Seed 004: Argo Rollouts blue/green with manual promotion, checked by the success rate of
    // the preview before promotion and of the active Service after it.
    const successRate = AnalysisTemplate.successRate(this, 'SuccessRate', {
      namespace: NAMESPACE,
      prometheusAddress: 'http://prometheus.monitoring:9090',
      totalMetric: 'api_gateway_requests_total',
      failedMetric: 'api_gateway_requests_failed_total',
    });
    this.release = new BlueGreenService(this, 'ApiGateway', {
      ...pod,
      engine: ReleaseEngine.ARGO_ROLLOUTS,
      release: ReleaseState.fromFile(releaseFile('chaos-world-gateway', props)),
      replicas: values.replicas,
      autoscaling,
      argo: {
        autoPromotionEnabled: false,
        scaleDownDelay: Duration.seconds(30),
        prePromotionAnalysis: [successRate],
        postPromotionAnalysis: [successRate],
      },
    });
  }
}
