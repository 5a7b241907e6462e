// One source of PromQL per service: the alerts, the rollout gate and the dashboard share it.
import * as path from 'path';
import { App, Chart, Duration } from 'cdk8s';
import { AnalysisTemplate, BlueGreenService, EnvironmentProfile, GoldenSignals, ReleaseState, WorkloadObservability } from 'cdk8s-zero-downtime';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
const release = new BlueGreenService(chart, 'Shop', {
  name: 'shop',
  profile: EnvironmentProfile.production(),
  release: ReleaseState.fromFile(path.join(__dirname, 'release', 'production.json')),
});

const signals = new GoldenSignals({
  requestsMetric: 'http_requests_total',
  failedRequestsMetric: 'http_requests_failed_total',
  durationHistogram: 'http_request_duration_seconds',
  maxErrorRate: 0.05,
  p95Latency: Duration.seconds(1),
  p99Latency: Duration.seconds(2),
});
new WorkloadObservability(chart, 'Observability', {
  target: release, // a GatewayDeployment, BlueGreenService or CanaryRelease
  signals,
  runbookBaseUrl: 'https://runbooks.example.com/shop',
  prometheusSelectorLabels: { release: 'kube-prometheus-stack' },
});
AnalysisTemplate.successRate(chart, 'SuccessRate', { prometheusAddress: 'http://prometheus.monitoring:9090', signals, matchers: { namespace: 'shop' } });
app.synth();
