import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { readRuntimeProfile, RuntimeProfile } from './runtime-profile';
import {
  AutoscaledWorkload, AutoscalingOptions, BlueGreenService, ConfigLayers, EnvironmentProfile, GatewayDeployment, GoldenSignals, ReleaseState,
  ScalingMetric, SecretSource, WorkloadObservability, WorkloadPodProps,
} from '../../src';
import { APPS_DIR, PerEnvironment, releaseFile, SystemChartProps } from '../environments';

const NAME = 'meetinity-api-gateway';

/** Development's image; staging and production take theirs from release/<environment>.json. */
const DEVELOPMENT_IMAGE = 'ghcr.io/meetinity/api-gateway:1.8.0-4f2a9c1';

const SECRETS: PerEnvironment<SecretSource> = {
  // Explicit opt-in: development's throw-away values go into an inline Secret.
  development: SecretSource.inlineForDevelopment(`${NAME}-dev-secrets`),
  staging: SecretSource.existingSecret(`${NAME}-secrets`),
  production: SecretSource.externalSecret({ storeName: 'vault', remoteKey: 'meetinity/production/api-gateway' }),
};

/**
 * Meetinity API gateway (seed 000): layered .env configuration in a hashed ConfigMap, secrets
 * by reference, a grace period that follows gunicorn's graceful timeout, HPA 65 % CPU / 70 %
 * memory. Production and staging release blue/green (seed 000's script, as reviewable state:
 * `gateway.meetinity.io/active-color`, the HPA on each running colour); development rolls.
 */
export class MeetinityGatewayChart extends Chart {
  /** The layered configuration. */
  public readonly config: ConfigLayers;
  /** The typed runtime profile read from it. */
  public readonly runtime: RuntimeProfile;
  /** The blue/green release (staging, production). */
  public readonly release?: BlueGreenService;
  /** The rolling gateway (development). */
  public readonly gateway?: GatewayDeployment;
  /** Metrics, alerts and dashboard of the gateway. */
  public readonly observability: WorkloadObservability;

  constructor(scope: Construct, id: string, props: SystemChartProps) {
    super(scope, id, { namespace: 'meetinity' });
    this.config = new ConfigLayers(this, 'Config', {
      name: NAME,
      directory: props.configDirectory ?? path.join(APPS_DIR, 'meetinity-gateway', 'env'),
      environment: props.environment,
      secrets: SECRETS[props.environment],
    });
    this.runtime = readRuntimeProfile(this.config);
    const pod: WorkloadPodProps = {
      name: NAME,
      partOf: 'meetinity',
      appVersionLabels: true,
      component: 'api-gateway',
      profile: EnvironmentProfile.fromName(props.environment),
      port: 8080,
      config: this.config,
      preStopDelay: Duration.seconds(10),
      // Keep terminationGracePeriodSeconds aligned with gunicorn's graceful timeout (seed 000).
      drainTimeout: this.runtime.gracefulTimeout,
    };
    // Seed 000's hpa.yaml: 65 % CPU, 70 % memory; bounds from the environment profile.
    const autoscaling: AutoscalingOptions = { metrics: [ScalingMetric.cpuUtilization(65), ScalingMetric.memoryUtilization(70)] };

    if (props.environment === 'development') {
      this.gateway = new GatewayDeployment(this, 'ApiGateway', { ...pod, image: DEVELOPMENT_IMAGE });
      new AutoscaledWorkload(this, 'Scaling', { ...autoscaling, target: this.gateway });
    } else {
      this.release = new BlueGreenService(this, 'ApiGateway', {
        ...pod,
        release: ReleaseState.fromFile(releaseFile('meetinity-gateway', props)),
        annotationDomain: 'gateway.meetinity.io',
        autoscaling,
      });
    }
    // Seed 000 watches request latency and upstream failures during a rollout: the gateway
    // exports one request counter with a `code` label and a latency histogram.
    this.observability = new WorkloadObservability(this, 'Observability', {
      target: this.gateway ?? this.release!,
      signals: new GoldenSignals({ requestsMetric: 'meetinity_gateway_requests_total', durationHistogram: 'meetinity_gateway_request_duration_seconds' }),
      runbookBaseUrl: 'https://runbooks.meetinity.io/api-gateway',
      alertLabels: { team: 'meetinity-platform' },
    });
  }
}
