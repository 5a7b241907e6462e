import * as path from 'path';
import { Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { gatewayConfigYaml } from './config-file';
import {
  AnalysisTemplate, ArgoTrafficRouting, AutoscaledWorkload, AutoscalingOptions, BlueGreenEngine, BlueGreenService, CanaryRelease, CanaryState,
  CanaryTraffic, CanaryStep, ConfigLayers, CustomMetricRule, EnvironmentProfile, GatewayDeployment, GoldenSignals, HardenedNamespace,
  IObservableWorkload, NetworkIsolation, NetworkPeer, PrometheusAdapterConfig, ReleaseState, ResourcePreset, ScalingMetric, ScalingPolicySelect,
  ScalingPolicyType, SecretSource, TaintEffect, TlsIngress, VpaUpdateMode, WorkloadObservability, WorkloadPodProps,
} from '../../src';
import { APPS_DIR, PerEnvironment, releaseFile, SystemChartProps } from '../environments';
import { metricsAdapterChart } from '../metrics-adapter';

const NAMESPACE = 'api-gateway';

/**
 * Seed 004's metrics and performance targets (performance-metrics.yaml: p95 1 s, p99 2 s, error
 * rate 5 %): the one source of the alerts, the rollout analysis and the dashboard.
 */
/** Seed 004's HPA Pods metric. */
const REQUESTS_PER_SECOND = 'api_gateway_requests_per_second';

/** Seed 004's request counter. */
const REQUESTS_TOTAL = 'api_gateway_requests_total';

const SIGNALS = new GoldenSignals({
  requestsMetric: REQUESTS_TOTAL,
  failedRequestsMetric: 'api_gateway_requests_failed_total',
  durationHistogram: 'api_gateway_request_duration_seconds',
  maxErrorRate: 0.05,
  p95Latency: Duration.seconds(1),
  p99Latency: Duration.seconds(2),
});

/** Seed 004: deployment.yaml (staging sizing) and values-production.yaml. */
/** Seed 004's deployment.yaml resources, also its stated minimum per pod (250m, 512Mi). */
const SEED_DEFAULT = ResourcePreset.of('seed-004-default', {
  cpuRequest: Cpu.millis(250),
  cpuLimit: Cpu.millis(500),
  memoryRequest: Size.mebibytes(512),
  memoryLimit: Size.gibibytes(1),
});

const VALUES: PerEnvironment<{ replicas: number; resources: ResourcePreset }> = {
  development: { replicas: 1, resources: SEED_DEFAULT },
  staging: { replicas: 3, resources: SEED_DEFAULT },
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
  /** The Argo Rollouts blue/green release with its HPA (5 to 50) and VPA (production). */
  public readonly release?: BlueGreenService;
  /** The Argo Rollouts canary 20/40/60/80 with its HPA (3 to 20) and VPA (staging). */
  public readonly canary?: CanaryRelease;
  /** The TLS Ingress (staging, production). */
  public readonly ingress?: TlsIngress;
  /** The restricted namespace. */
  public readonly hardenedNamespace: HardenedNamespace;
  /** ServiceMonitor, PrometheusRule and dashboard. */
  public readonly observability: WorkloadObservability;
  /** The gateway's NetworkPolicy. */
  public readonly network: NetworkIsolation;
  /** The custom metrics adapter's rule for `api_gateway_requests_per_second` (kube-system). */
  public readonly metricsAdapter: PrometheusAdapterConfig;

  constructor(scope: Construct, id: string, props: SystemChartProps) {
    super(scope, id, { namespace: NAMESPACE });
    // Seed 004's custom-metrics-api serves the HPA's requests per second: its rule, from the
    // counter the alerts and the analysis read.
    this.metricsAdapter = metricsAdapterChart(scope, id, [CustomMetricRule.rate(REQUESTS_PER_SECOND, REQUESTS_TOTAL)]);
    const values = VALUES[props.environment];
    // Seed 004's namespace.yaml, with Pod Security Admission in place of its PodSecurityPolicy.
    this.hardenedNamespace = new HardenedNamespace(this, 'Namespace', {
      name: NAMESPACE,
      labels: { name: NAMESPACE, environment: props.environment },
      containerDefaults: {
        cpuRequest: Cpu.millis(100), memoryRequest: Size.mebibytes(128), cpuLimit: Cpu.millis(500), memoryLimit: Size.mebibytes(512),
      },
    });
    this.config = new ConfigLayers(this, 'Config', {
      name: 'api-gateway-config',
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
      partOf: 'chaos-world',
      // The guide's `app` / `version` pod labels, beside (never inside) the selectors.
      appVersionLabels: true,
      component: 'api-gateway',
      profile: EnvironmentProfile.fromName(props.environment),
      resources: values.resources,
      port: 8080,
      // Metrics on a port of their own: seed 004 serves them on 8080, which its Ingress routes
      // to the public as `/` (ZD021). Prometheus scrapes 9090 through the metrics Service.
      metricsPort: 9090,
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
        ScalingMetric.podsAverage(REQUESTS_PER_SECOND, '100'),
      ],
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
      [this.observability, this.network] = this.guard(this.gateway);
      return;
    }
    // The analysis gates on the HighErrorRate alert's expression and threshold, measured on the
    // pods of the new ReplicaSet only.
    const successRate = AnalysisTemplate.successRate(this, 'SuccessRate', {
      prometheusAddress: 'http://prometheus.monitoring:9090',
      signals: SIGNALS,
      matchers: { namespace: NAMESPACE },
    });
    // Seed 004 offers both Argo strategies. Staging runs the canary 20/40/60/80: no second full
    // copy of the fleet, and every staging change meets real traffic step by step under
    // analysis. Production keeps blue/green: a full-size preview checked before any user sees
    // it, manual promotion, and rollback in one selector change.
    let stableService: string;
    if (props.environment === 'staging') {
      this.canary = new CanaryRelease(this, 'ApiGateway', {
        ...pod,
        release: CanaryState.fromFile(releaseFile('chaos-world-gateway', props)),
        replicas: values.replicas,
        autoscaling,
        headlessService: true,
        traffic: CanaryTraffic.argoRollouts({
          steps: [20, 40, 60, 80].flatMap((weight) => [CanaryStep.trafficWeight(weight), CanaryStep.pause(Duration.minutes(10))]),
          analysis: [successRate],
          analysisStartingStep: 2,
          trafficRouting: ArgoTrafficRouting.NGINX,
          // Seed 004: successfulRunHistoryLimit / unsuccessfulRunHistoryLimit 3.
          analysisRunHistoryLimit: 3,
        }),
      });
      stableService = this.canary.stableService.name;
    } else {
      // Seed 004: blue/green with manual promotion, checked by the success rate of the preview
      // before promotion and of the active Service after it.
      this.release = new BlueGreenService(this, 'ApiGateway', {
        ...pod,
        engine: BlueGreenEngine.argoRollouts({
          autoPromotionEnabled: false,
          scaleDownDelay: Duration.seconds(30),
          prePromotionAnalysis: [successRate],
          postPromotionAnalysis: [successRate],
          analysisRunHistoryLimit: 3,
        }),
        release: ReleaseState.fromFile(releaseFile('chaos-world-gateway', props)),
        replicas: values.replicas,
        autoscaling,
        headlessService: true,
      });
      stableService = this.release.activeService.name;
    }
    // Seed 004's ingress: TLS from cert-manager, HTTPS only, rate limited (100/min, production 1000/min).
    this.ingress = new TlsIngress(this, 'Ingress', {
      name: 'api-gateway',
      host: props.environment === 'production' ? 'api.chaosworld.com' : 'api.staging.chaosworld.com',
      serviceName: stableService,
      tlsSecretName: 'api-gateway-tls',
      clusterIssuer: 'letsencrypt-prod',
      rateLimitPerMinute: props.environment === 'production' ? 1000 : 100,
    });
    [this.observability, this.network] = this.guard(this.release ?? this.canary!);
  }

  /**
   * Seed 004's monitoring (ServiceMonitor, the three alerts, the dashboard) and network policy:
   * ingress only from ingress-nginx on 8080 (and Prometheus), egress only to Consul, Redis,
   * MongoDB and cluster DNS.
   */
  private guard(target: IObservableWorkload): [WorkloadObservability, NetworkIsolation] {
    const observability = new WorkloadObservability(this, 'Observability', {
      target,
      signals: SIGNALS,
      runbookBaseUrl: 'https://runbooks.chaosworld.com/api-gateway',
      prometheusSelectorLabels: { release: 'kube-prometheus-stack' },
      alertLabels: { team: 'chaos-world-platform' },
    });
    const network = NetworkIsolation.forWorkload(this, 'NetworkPolicy', {
      target,
      ingressControllerNamespace: 'ingress-nginx',
      egressTo: [
        { peer: NetworkPeer.anyPodIn('consul'), port: 8500 },
        { peer: NetworkPeer.anyPodIn('redis'), port: 6379 },
        { peer: NetworkPeer.anyPodIn('mongodb'), port: 27017 },
      ],
    });
    return [observability, network];
  }
}
