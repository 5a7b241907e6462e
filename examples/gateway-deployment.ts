// A hardened rolling Deployment, its Service, its PodDisruptionBudget and an HPA.
import { App, Chart, Duration } from 'cdk8s';
import { EnvironmentProfile, GatewayDeployment, ScalingMetric } from 'cdk8s-zero-downtime';

const app = new App();
const chart = new Chart(app, 'api', { namespace: 'api' });

const api = new GatewayDeployment(chart, 'Api', {
  name: 'api',
  image: 'ghcr.io/acme/api:1.4.2-0a1b2c3',
  profile: EnvironmentProfile.production(),
  port: 8080, // the named port "http": probes and Services use the name
  readinessPath: '/ready', // dependencies
  livenessPath: '/health', // the process only; must differ (ZD001)
  preStopDelay: Duration.seconds(15), // endpoints drop the pod before it stops
  drainTimeout: Duration.seconds(30), // the app's own graceful shutdown
  headlessService: true,
  secretEnv: [{ name: 'JWT_SECRET', secretName: 'api-secrets', key: 'jwt-secret' }],
  autoscaling: { metrics: [ScalingMetric.cpuUtilization(70)] }, // production bounds: 5 to 50
});

// What it rendered, for objects of your own.
console.error(`${api.deployment.name}: services ${api.services.map((s) => s.name).join(', ')}, budgets ${api.disruptionBudgets.length}`);
app.synth();
