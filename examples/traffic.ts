// TLS ingress with rate limits and WebSocket timeouts; versioned routes with deprecation headers.
import { App, Chart, Duration } from 'cdk8s';
import { TlsIngress, VersionedApi } from 'cdk8s-zero-downtime';

const app = new App();
const chart = new Chart(app, 'edge', { namespace: 'edge' });

new TlsIngress(chart, 'Ingress', {
  name: 'api',
  host: 'api.example.com',
  serviceName: 'api',
  tlsSecretName: 'api-tls',
  clusterIssuer: 'letsencrypt-prod',
  rateLimitPerMinute: 100, // ingress-nginx limit-rpm
  webSocket: { readTimeout: Duration.hours(1) }, // long timeouts and cookie affinity
});
new VersionedApi(chart, 'Api', {
  name: 'api',
  gateway: { gatewayName: 'public', gatewayNamespace: 'gateway-system', hostnames: ['api.example.com'] },
  versions: [
    { version: 'v1', serviceName: 'api', deprecation: { deprecatedOn: '2025-06-30', sunsetOn: '2025-12-31', successorUrl: 'https://api.example.com/api/v2' } },
    { version: 'v2', serviceName: 'api' },
  ],
});
app.synth();
