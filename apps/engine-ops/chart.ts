import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BlueGreenService, EnvironmentProfile, GatewayDeployment, GatewayDeploymentProps, MigrationJob, ReleaseState, VersionedApi, WorkloadMonitor,
  ScalingMetric, WorkloadObservability,
} from '../../src';
import { PerEnvironment, releaseFile, SystemChartProps } from '../environments';
import { observe } from '../observability';

/** Seed 001's Helm-like per-environment values, typed. */
const VALUES: PerEnvironment<{ replicas: number }> = {
  development: { replicas: 1 },
  staging: { replicas: 2 },
  production: { replicas: 3 },
};

/**
 * The rolling environments' image; production takes its images from release/production.json.
 * Staging runs the release production stages now ("deploy to staging first", ZD023).
 */
const IMAGE = 'ghcr.io/hummbl-dev/engine-ops:0.3.1-d41b5e8';

/**
 * Seed 001's smoke tests: the health endpoints, the metrics endpoint and the API itself, in
 * both versions (an "API functionality test").
 */
const SMOKE_TEST = {
  image: 'curlimages/curl:8.11.1',
  paths: ['/health/ready', '/health/live', '/metrics', '/api/v1/optimize', '/api/v2/optimize'],
};

/**
 * The newest migration in the images' `core/migrations/` (seed 001): with the image, it names
 * the migration Job, so each release migrates once.
 */
const MIGRATION_SET = '005_add_audit_log';

/**
 * Engine-Ops (seed 001): startup probe with 60 s to start, readiness and liveness, preStop
 * 15 s, anti-affinity, revision history 10. Production releases blue/green with a preview
 * Service and a smoke test of health, metrics and both API versions; staging rolls (maxSurge 1
 * / maxUnavailable 0) with the same smoke test after apply and the same versioned API, so
 * both are tested before production; development rolls.
 */
export class EngineOpsChart extends Chart {
  /** The rolling workload (development, staging). */
  public readonly engine?: GatewayDeployment;
  /** The blue/green release (production). */
  public readonly release?: BlueGreenService;
  /** API v1 (deprecated) and v2 on the public Gateway (staging, production). */
  public readonly api?: VersionedApi;
  /** The release's database migration, applied before the workloads. */
  public readonly migration: MigrationJob;
  /** The ServiceMonitor of the API. */
  public readonly monitor: WorkloadMonitor;
  /** The monitor, alerts and dashboard. */
  public readonly observability: WorkloadObservability;

  constructor(scope: Construct, id: string, props: SystemChartProps) {
    super(scope, id, { namespace: 'engine-ops' });
    const values = VALUES[props.environment];
    const pod: GatewayDeploymentProps = {
      name: 'engine-ops',
      partOf: 'engine-ops',
      // Seed 001 watches pods with `kubectl get pods -l app=engine-ops`.
      appVersionLabels: true,
      component: 'api',
      image: IMAGE,
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
      // The Helm chart's HPA (seed 001), in staging and production, from the fixed counts up.
      autoscaling: props.environment === 'development'
        ? undefined
        : { minReplicas: values.replicas, maxReplicas: values.replicas * 4, metrics: [ScalingMetric.cpuUtilization(70)] },
    };
    const release = props.environment === 'production' ? ReleaseState.fromFile(releaseFile('engine-ops', props)) : undefined;
    // Seed 001: `npm run migrate` before the rollout, with the image being released (the staged
    // colour's in production). Migrations are expand/contract: the running version keeps
    // working on the migrated schema.
    this.migration = new MigrationJob(this, 'Migration', {
      name: 'engine-ops',
      partOf: 'engine-ops',
      profile: pod.profile,
      image: release ? release.imageOf(release.newestColour) : IMAGE,
      command: ['npm', 'run', 'migrate'],
      migrationSet: MIGRATION_SET,
      env: { NODE_ENV: pod.env!.NODE_ENV },
      secretEnv: [{ name: 'DATABASE_URL', secretName: 'engine-ops-database', key: 'url' }],
    });
    if (release) {
      this.release = new BlueGreenService(this, 'EngineOps', {
        ...pod,
        release,
        // Seed 001: health, metrics and API checks against the preview before the switch.
        smokeTest: SMOKE_TEST,
      });
    } else {
      this.engine = new GatewayDeployment(this, 'EngineOps', { ...pod, smokeTest: props.environment === 'staging' ? SMOKE_TEST : undefined });
    }
    if (props.environment !== 'development') {
      const host = props.environment === 'production' ? 'api.example.com' : 'api.staging.example.com';
      // Seed 001: v1 and v2 side by side, by path, header or query; v1 deprecated with a sunset.
      this.api = new VersionedApi(this, 'Api', {
        name: 'engine-ops-api',
        gateway: {
          gatewayName: 'public',
          gatewayNamespace: 'gateway-system',
          hostnames: [host],
        },
        versions: [
          {
            version: 'v1',
            serviceName: 'engine-ops',
            deprecation: { deprecatedOn: '2025-06-30', sunsetOn: '2025-12-31', successorUrl: `https://${host}/api/v2` },
          },
          { version: 'v2', serviceName: 'engine-ops' },
        ],
      });
    }
    // Seed 001: "Have monitoring alerts ready": monitor, alerts and a dashboard.
    this.observability = observe(this, this.engine ?? this.release!, 'engine-ops');
    this.monitor = this.observability.monitor;
  }
}
