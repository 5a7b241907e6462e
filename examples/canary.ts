// Canary releases: by replica ratio behind one Service, and by Traefik weights.
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { CanaryRelease, CanaryState, CanaryTraffic, EnvironmentProfile, ScalingMetric } from 'cdk8s-zero-downtime';

const app = new App();
const chart = new Chart(app, 'chat', { namespace: 'chat' });
const release = CanaryState.fromFile(path.join(__dirname, 'release', 'production.chat.json'));

// 9 stable pods; the 10 % canary adds 1 (9 x 10 / 90). Services chat, chat-stable, chat-canary.
new CanaryRelease(chart, 'Chat', {
  name: 'chat',
  profile: EnvironmentProfile.production(),
  release,
  replicas: 9,
});

// Traefik splits by weight; the stable track autoscales, the canary keeps two pods (a
// production default: its Service takes live traffic, so one eviction must not empty it).
const weighted = new CanaryRelease(chart, 'ChatApi', {
  name: 'chat-api',
  profile: EnvironmentProfile.production(),
  release,
  traffic: CanaryTraffic.traefik(),
  autoscaling: { metrics: [ScalingMetric.cpuUtilization(70)] },
});
console.error(`route to ${weighted.stableService.name} and ${weighted.canaryService.name}`);
app.synth();
