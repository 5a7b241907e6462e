// A blue/green release driven by a release file that `cdk8s-zd stage|promote|rollback|finalize`
// rewrites; the Argo Rollouts engine renders the same release as one Rollout.
import * as path from 'path';
import { App, Chart, Duration } from 'cdk8s';
import { BlueGreenEngine, BlueGreenService, EnvironmentProfile, ReleaseState, ScalingMetric } from 'cdk8s-zero-downtime';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
const release = ReleaseState.fromFile(path.join(__dirname, 'release', 'production.json'));

new BlueGreenService(chart, 'Shop', {
  name: 'shop',
  profile: EnvironmentProfile.production(),
  release, // Deployments shop-blue and shop-green; Services shop and shop-preview
  annotationDomain: 'shop.acme.io', // shop.acme.io/active-color on the active Service
  autoscaling: { metrics: [ScalingMetric.cpuUtilization(65)] }, // each running colour
  smokeTest: { image: 'curlimages/curl:8.11.1' }, // a Job against the preview while staged
});

new BlueGreenService(chart, 'Checkout', {
  name: 'checkout',
  profile: EnvironmentProfile.production(),
  release: ReleaseState.of('checkout', { activeColour: release.activeColour, phase: release.phase, blueImage: 'ghcr.io/acme/checkout:3.2.0-7d8e9f0' }),
  engine: BlueGreenEngine.argoRollouts({ scaleDownDelay: Duration.seconds(30) }), // manual promotion
});
app.synth();
