import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentProfile, GatewayDeployment } from '../../src';
import { PerEnvironment, SystemChartProps } from '../environments';

/** Seed 001's Helm-like per-environment values, typed. */
const VALUES: PerEnvironment<{ image: string; replicas: number }> = {
  development: { image: 'ghcr.io/hummbl-dev/engine-ops:0.3.0-7c2e91a', replicas: 1 },
  staging: { image: 'ghcr.io/hummbl-dev/engine-ops:0.3.0-7c2e91a', replicas: 2 },
  production: { image: 'ghcr.io/hummbl-dev/engine-ops:0.3.0-7c2e91a', replicas: 3 },
};

/**
 * Engine-Ops (seed 001): rolling maxSurge 1 / maxUnavailable 0, startup probe with 60 s to
 * start, readiness and liveness, preStop 15 s, anti-affinity, revision history 10.
 */
export class EngineOpsChart extends Chart {
  /** The engine-ops workload. */
  public readonly engine: GatewayDeployment;

  constructor(scope: Construct, id: string, props: SystemChartProps) {
    super(scope, id, { namespace: 'engine-ops' });
    const values = VALUES[props.environment];
    this.engine = new GatewayDeployment(this, 'EngineOps', {
      name: 'engine-ops',
      namespace: 'engine-ops',
      partOf: 'engine-ops',
      component: 'api',
      image: values.image,
      profile: EnvironmentProfile.fromName(props.environment),
      replicas: values.replicas,
      port: 3000,
      readinessPath: '/health/ready',
      livenessPath: '/health/live',
      startupTimeout: Duration.seconds(60),
      preStopDelay: Duration.seconds(15),
      drainTimeout: Duration.seconds(30),
      revisionHistoryLimit: 10,
      env: { NODE_ENV: props.environment === 'development' ? 'development' : 'production', PORT: '3000' },
    });
  }
}
