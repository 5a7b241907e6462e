// A complete production service: a hardened namespace, an API behind an autoscaler, a
// storefront released blue/green from its release file, and monitoring, alerts and a dashboard.
// examples/python/production_service.py is the same app in Python; CI checks both synthesize
// the same YAML.
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import {
  AutoscaledWorkload, BlueGreenService, EnvironmentProfile, GatewayDeployment, GoldenSignals, HardenedNamespace, ReleaseState, ScalingMetric,
  WorkloadObservability,
} from 'cdk8s-zero-downtime';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
const profile = EnvironmentProfile.production();

new HardenedNamespace(chart, 'Namespace', { name: 'shop' });
const api = new GatewayDeployment(chart, 'Api', { name: 'api', image: 'ghcr.io/acme/api:1.4.2-0a1b2c3', profile, port: 8080 });
new AutoscaledWorkload(chart, 'ApiScaling', { target: api, metrics: [ScalingMetric.cpuUtilization(70)] });

const storefront = new BlueGreenService(chart, 'Storefront', {
  name: 'storefront',
  profile,
  release: ReleaseState.fromFile(path.join(__dirname, 'release', 'production.json')),
  autoscaling: { metrics: [ScalingMetric.cpuUtilization(65)] },
});
new WorkloadObservability(chart, 'StorefrontObservability', {
  target: storefront,
  signals: new GoldenSignals({
    requestsMetric: 'http_requests_total',
    failedRequestsMetric: 'http_requests_failed_total',
    durationHistogram: 'http_request_duration_seconds',
  }),
  runbookBaseUrl: 'https://runbooks.example.com/storefront',
});
app.synth();
