// The zero-downtime rules on a chart of your own objects: the synth fails on an error finding.
import { ApiObject, App, Chart } from 'cdk8s';
import { RolloutChecks, ZeroDowntimeRule } from 'cdk8s-zero-downtime';

const app = new App();
const chart = new Chart(app, 'legacy', { namespace: 'legacy' });
RolloutChecks.of(chart, { environment: 'production' });

const labels = { 'app.kubernetes.io/name': 'worker' };
const worker = new ApiObject(chart, 'Worker', {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'worker' },
  spec: {
    replicas: 1,
    selector: { matchLabels: labels },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    template: {
      metadata: { labels },
      spec: {
        containers: [{
          name: 'worker',
          image: 'ghcr.io/acme/worker:3.1.0-4d5e6f7',
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
        }],
      },
    },
  },
});
// One rule on one object, with the reason every report prints.
RolloutChecks.suppress(worker, ZeroDowntimeRule.ZD004, 'a single queue worker: a drain may stop it, the queue waits');
app.synth();
