// Layered .env configuration as a hashed, immutable ConfigMap; sensitive keys by reference only.
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ConfigLayers, EnvironmentProfile, GatewayDeployment, SecretSource } from 'cdk8s-zero-downtime';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });

const config = new ConfigLayers(chart, 'Config', {
  name: 'shop-config',
  directory: path.join(__dirname, 'env'), // .env < .env.local < .env.production < .env.production.local
  environment: 'production',
  defaults: { LOG_LEVEL: 'info' }, // the lowest layer
  secrets: SecretSource.externalSecret({ storeName: 'vault', remoteKey: 'shop/production' }),
});
new GatewayDeployment(chart, 'Shop', {
  name: 'shop',
  image: 'ghcr.io/acme/shop:1.4.0-abcdef1',
  profile: EnvironmentProfile.production(),
  config, // envFrom the ConfigMap; DATABASE_PASSWORD through secretKeyRef
  drainTimeout: config.getDuration('HTTP_TIMEOUT'), // the grace period follows the app's timeout
});
app.synth();
