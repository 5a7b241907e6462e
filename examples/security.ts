// A namespace that enforces the restricted Pod Security profile, and default-deny network policies.
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { EnvironmentProfile, GatewayDeployment, HardenedNamespace, NetworkIsolation, NetworkPeer } from 'cdk8s-zero-downtime';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });

new HardenedNamespace(chart, 'Namespace', {
  name: 'shop',
  labels: { environment: 'production' }, // enforce/audit/warn: restricted, v1.27
  quota: { cpuRequests: Cpu.units(40), memoryRequests: Size.gibibytes(80), pods: 120 },
  containerDefaults: { cpuRequest: Cpu.millis(100), memoryRequest: Size.mebibytes(128), cpuLimit: Cpu.millis(500), memoryLimit: Size.mebibytes(512) },
});
const api = new GatewayDeployment(chart, 'Api', { name: 'api', image: 'ghcr.io/acme/api:1.4.2-0a1b2c3', profile: EnvironmentProfile.production() });
NetworkIsolation.forWorkload(chart, 'ApiIsolation', {
  target: api,
  ingressControllerNamespace: 'ingress-nginx', // the serving port, from the ingress controller only
  egressTo: [{ peer: NetworkPeer.anyPodIn('redis'), port: 6379 }], // and cluster DNS; nothing else
});
new NetworkIsolation(chart, 'PostgresIsolation', {
  name: 'postgresql-isolation',
  podSelector: { 'app.kubernetes.io/name': 'postgresql' },
  ports: [5432],
  allowFrom: [NetworkPeer.pods({ 'app.kubernetes.io/name': 'api' })],
});
app.synth();
