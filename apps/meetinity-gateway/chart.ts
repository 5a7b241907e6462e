import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentProfile, GatewayDeployment } from '../../src';
import { PerEnvironment, SystemChartProps } from '../environments';

/** Seed 000: the Meetinity API gateway (Flask behind gunicorn). */
const VALUES: PerEnvironment<{ image: string; replicas: number }> = {
  development: { image: 'ghcr.io/meetinity/api-gateway:1.8.0-4f2a9c1', replicas: 1 },
  staging: { image: 'ghcr.io/meetinity/api-gateway:1.8.0-4f2a9c1', replicas: 2 },
  production: { image: 'ghcr.io/meetinity/api-gateway:1.7.3-9b1d0e2', replicas: 3 },
};

/**
 * Meetinity API gateway: rolling maxSurge 1 / maxUnavailable 0, readiness and liveness probes,
 * a preStop delay, and a grace period that covers gunicorn's graceful timeout.
 */
export class MeetinityGatewayChart extends Chart {
  /** The gateway workload. */
  public readonly gateway: GatewayDeployment;

  constructor(scope: Construct, id: string, props: SystemChartProps) {
    super(scope, id, { namespace: 'meetinity' });
    const values = VALUES[props.environment];
    this.gateway = new GatewayDeployment(this, 'ApiGateway', {
      name: 'meetinity-api-gateway',
      namespace: 'meetinity',
      partOf: 'meetinity',
      component: 'api-gateway',
      image: values.image,
      profile: EnvironmentProfile.fromName(props.environment),
      replicas: values.replicas,
      port: 8080,
      preStopDelay: Duration.seconds(10),
      // gunicorn's --graceful-timeout (WSGI_GRACEFUL_TIMEOUT): in-flight requests get this long.
      drainTimeout: Duration.seconds(30),
    });
  }
}
