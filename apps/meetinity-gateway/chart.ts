import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { readRuntimeProfile, RuntimeProfile } from './runtime-profile';
import { AutoscaledWorkload, ConfigLayers, EnvironmentProfile, GatewayDeployment, ScalingMetric, SecretSource } from '../../src';
import { APPS_DIR, PerEnvironment, SystemChartProps } from '../environments';

const NAME = 'meetinity-api-gateway';

/** Seed 000: the Meetinity API gateway (Flask behind gunicorn). */
const VALUES: PerEnvironment<{ image: string; replicas: number; secrets: SecretSource }> = {
  development: {
    image: 'ghcr.io/meetinity/api-gateway:1.8.0-4f2a9c1',
    replicas: 1,
    // Explicit opt-in: development's throw-away values go into an inline Secret.
    secrets: SecretSource.inlineForDevelopment(`${NAME}-dev-secrets`),
  },
  staging: {
    image: 'ghcr.io/meetinity/api-gateway:1.8.0-4f2a9c1',
    replicas: 2,
    secrets: SecretSource.existingSecret(`${NAME}-secrets`),
  },
  production: {
    image: 'ghcr.io/meetinity/api-gateway:1.7.3-9b1d0e2',
    replicas: 3,
    secrets: SecretSource.externalSecret({ storeName: 'vault', remoteKey: 'meetinity/production/api-gateway' }),
  },
};

/**
 * Meetinity API gateway: layered .env configuration in a hashed ConfigMap, secrets by
 * reference, rolling maxSurge 1 / maxUnavailable 0, and a grace period that follows
 * gunicorn's graceful timeout (WSGI_GRACEFUL_TIMEOUT) from the layers.
 */
export class MeetinityGatewayChart extends Chart {
  /** The layered configuration. */
  public readonly config: ConfigLayers;
  /** The typed runtime profile read from it. */
  public readonly runtime: RuntimeProfile;
  /** The gateway workload. */
  public readonly gateway: GatewayDeployment;
  /** Its autoscaling (none in development). */
  public readonly scaling: AutoscaledWorkload;

  constructor(scope: Construct, id: string, props: SystemChartProps) {
    super(scope, id, { namespace: 'meetinity' });
    const values = VALUES[props.environment];
    this.config = new ConfigLayers(this, 'Config', {
      name: NAME,
      namespace: 'meetinity',
      directory: props.configDirectory ?? path.join(APPS_DIR, 'meetinity-gateway', 'env'),
      environment: props.environment,
      secrets: values.secrets,
    });
    this.runtime = readRuntimeProfile(this.config);
    this.gateway = new GatewayDeployment(this, 'ApiGateway', {
      name: NAME,
      namespace: 'meetinity',
      partOf: 'meetinity',
      component: 'api-gateway',
      image: values.image,
      profile: EnvironmentProfile.fromName(props.environment),
      replicas: values.replicas,
      port: 8080,
      config: this.config,
      preStopDelay: Duration.seconds(10),
      // Keep terminationGracePeriodSeconds aligned with gunicorn's graceful timeout (seed 000).
      drainTimeout: this.runtime.gracefulTimeout,
    });
    // Seed 000's hpa.yaml: 65 % CPU, 70 % memory; bounds from the environment profile.
    this.scaling = new AutoscaledWorkload(this, 'Scaling', {
      target: this.gateway,
      metrics: [ScalingMetric.cpuUtilization(65), ScalingMetric.memoryUtilization(70)],
    });
  }
}
