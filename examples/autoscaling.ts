// Autoscaling kept consistent with the disruption budget: HPA v2 with behaviour, a VPA in
// recommendation mode, and KEDA for queue lag.
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import {
  AutoscaledWorkload, CustomMetricRule, EnvironmentProfile, GatewayDeployment, KedaTrigger, PrometheusAdapterConfig, ScalingMetric,
  ScalingPolicySelect, ScalingPolicyType, VpaUpdateMode,
} from 'cdk8s-zero-downtime';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
const profile = EnvironmentProfile.production();

const api = new GatewayDeployment(chart, 'Api', { name: 'api', image: 'ghcr.io/acme/api:1.4.2-0a1b2c3', profile });
new AutoscaledWorkload(chart, 'ApiScaling', {
  target: api,
  minReplicas: 5,
  maxReplicas: 50,
  metrics: [ScalingMetric.cpuUtilization(70), ScalingMetric.podsAverage('http_requests_per_second', '100')],
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
  verticalScaling: { updateMode: VpaUpdateMode.OFF, minAllowed: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) } },
});

// Queue-lag scaling without a metrics adapter: KEDA owns the HPA.
const notifications = new GatewayDeployment(chart, 'Notifications', { name: 'notifications', image: 'ghcr.io/acme/notifications:2.0.1-1a2b3c4', profile });
new AutoscaledWorkload(chart, 'NotificationScaling', {
  target: notifications,
  minReplicas: 2,
  maxReplicas: 12,
  eventDriven: { triggers: [KedaTrigger.kafkaLag({ bootstrapServers: 'kafka:9092', consumerGroup: 'notifications', topic: 'notifications', lagThreshold: 100 })] },
});

// The Pods metric's source: a prometheus-adapter rule, in the adapter's namespace (ZD022).
const adapter = new Chart(app, 'metrics-adapter', { namespace: 'monitoring' });
new PrometheusAdapterConfig(adapter, 'Rules', { rules: [CustomMetricRule.rate('http_requests_per_second', 'http_requests_total')] });
app.synth();
