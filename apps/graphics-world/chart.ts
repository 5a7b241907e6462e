import { Chart, Duration } from 'cdk8s';
import { PercentOrAbsolute } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  BackupCronJob, BackupSource, BlueGreenService, CanaryRelease, CanaryRouting, CanaryState, CanaryTraffic, EnvironmentProfile, GatewayDeployment,
  GatewayDeploymentProps, IObservableWorkload, ReleaseState, ResourcePreset, SpreadPolicy, WorkloadMonitor,
  ScalingMetric,
} from '../../src';
import { Environment, releaseFile, SystemChartProps } from '../environments';
import { observe } from '../observability';

/** Seed 003's probe numbers, shared by every service (health.rs in each service). */
const PROBES: Partial<GatewayDeploymentProps> = {
  port: 8080,
  readinessPath: '/ready',
  livenessPath: '/health',
  liveness: { initialDelay: Duration.seconds(10), period: Duration.seconds(5), failureThreshold: 3 },
  readiness: { initialDelay: Duration.seconds(5), period: Duration.seconds(3), failureThreshold: 2 },
};

interface GraphicsService {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly size: 'small' | 'large';
  readonly production: number;
  readonly servicePort?: number;
  /** Critical services never share a node (seed 003, High Availability). */
  readonly critical?: boolean;
  /** Released blue/green in production, by a `version: blue|green` label (seed 003). */
  readonly blueGreen?: boolean;
  /**
   * The version staging runs when it is ahead: the release production has under way (its
   * release file's new colour or canary) went to staging first (ZD023).
   */
  readonly stagingVersion?: string;
}

/**
 * Seed 003's canaries in production: 9 stable : 1 canary behind one Service (replica ratio),
 * and a 9:1 split by Traefik weights between stable and canary Services.
 */
const CANARIES: { [service: string]: { traffic: CanaryTraffic; replicas: number } } = {
  // 9 stable pods; a 10 % canary adds 1 (9 x 10 / 90).
  'chat-service': { traffic: CanaryTraffic.replicaRatio(), replicas: 9 },
  'script-executor': { traffic: CanaryTraffic.traefik(), replicas: 3 },
};

/** In dependency order (seed 003: world-state first). */
const SERVICES: GraphicsService[] = [
  { id: 'WorldState', name: 'world-state', version: '2.0.0-c0ffee1', size: 'large', production: 3, critical: true },
  {
    id: 'GraphicsGateway',
    name: 'graphics-gateway',
    version: '2.0.0-c0ffee1',
    size: 'large',
    production: 4,
    servicePort: 5000,
    blueGreen: true,
    stagingVersion: '2.1.0-ab54f10',
  },
  { id: 'ChatService', name: 'chat-service', version: '2.0.0-c0ffee1', size: 'small', production: 2, stagingVersion: '2.1.0-9e8d7c6' },
  { id: 'ScriptExecutor', name: 'script-executor', version: '2.0.1-5eed5ee', size: 'small', production: 2, stagingVersion: '2.0.2-fa11ed0' },
  { id: 'PersistenceService', name: 'persistence-service', version: '2.0.0-c0ffee1', size: 'small', production: 2 },
];

function serviceProps(service: GraphicsService, environment: Environment): GatewayDeploymentProps {
  const production = environment === 'production';
  // Staging is a single-node K3s on an Orange Pi: one replica per service, no spread.
  const replicas = production ? service.production : 1;
  const required = production && service.critical;
  return {
    ...PROBES,
    name: service.name,
    partOf: 'graphics-world',
    // Seed 003 keys its anti-affinity and commands on `app`.
    appVersionLabels: true,
    image: `registry.local/${service.name}:${environment === 'staging' ? service.stagingVersion ?? service.version : service.version}`,
    profile: EnvironmentProfile.fromName(environment),
    replicas,
    resources: production && service.size === 'large' ? ResourcePreset.large() : ResourcePreset.small(),
    spread: required ? SpreadPolicy.REQUIRED : (production ? SpreadPolicy.PREFERRED : SpreadPolicy.NONE),
    // Seed 003 rolls with maxSurge 1 / maxUnavailable 1. With required anti-affinity a surge pod
    // needs a free node, so critical services replace in place (surge 0) instead of deadlocking.
    maxSurge: PercentOrAbsolute.absolute(required ? 0 : 1),
    maxUnavailable: PercentOrAbsolute.absolute(replicas > 1 ? 1 : 0),
    servicePort: service.servicePort ?? 8080,
    // Seed 003: "Auto-scaling based on load" in production, from the guide's replica counts up.
    // world-state stays fixed: its required anti-affinity caps it at one pod per node.
    autoscaling: production && !service.critical
      ? { minReplicas: replicas, maxReplicas: replicas * 3, metrics: [ScalingMetric.cpuUtilization(70)] }
      : undefined,
  };
}

/**
 * Graphics gateway microservices (seed 003): rolling 1 / 1, /health and /ready probes,
 * progressDeadlineSeconds 600, required anti-affinity for world-state, small and large
 * resource profiles, one namespace per environment. In production graphics-gateway releases
 * blue/green by seed 003's `version: blue|green` label.
 */
export class GraphicsWorldChart extends Chart {
  /** The rolling services, by name. */
  public readonly services: { [name: string]: GatewayDeployment } = {};
  /** The blue/green graphics-gateway (production). */
  public readonly gatewayRelease?: BlueGreenService;
  /** The canary releases (production), by service name. */
  public readonly canaries: { [name: string]: CanaryRelease } = {};
  /** The ServiceMonitor of each service, by service name. */
  public readonly monitors: { [name: string]: WorkloadMonitor } = {};
  /** Seed 003's daily world-state backup (production). */
  public readonly backup?: BackupCronJob;

  constructor(scope: Construct, id: string, props: SystemChartProps) {
    super(scope, id, { namespace: props.environment });
    for (const service of SERVICES) {
      const serviceProperties = serviceProps(service, props.environment);
      const canary = props.environment === 'production' ? CANARIES[service.name] : undefined;
      let workload: IObservableWorkload;
      if (canary) {
        workload = this.canaries[service.name] = new CanaryRelease(this, service.id, {
          ...serviceProperties,
          release: CanaryState.fromFile(releaseFile('graphics-world', props, service.name)),
          traffic: canary.traffic,
          replicas: canary.replicas,
          // A replica ratio sets the canary's share: it cannot autoscale (weighted routing can).
          autoscaling: canary.traffic.routing === CanaryRouting.REPLICA_RATIO ? undefined : serviceProperties.autoscaling,
          // Each track rolls on its own: one pod at a time, never below its size.
          maxSurge: PercentOrAbsolute.absolute(1),
          maxUnavailable: PercentOrAbsolute.absolute(0),
        });
      } else if (service.blueGreen && props.environment === 'production') {
        workload = this.gatewayRelease = new BlueGreenService(this, service.id, {
          ...serviceProperties,
          release: ReleaseState.fromFile(releaseFile('graphics-world', props)),
          colourLabelKey: 'version',
          // `version` is the colour here (seed 003's blue/green selector): only `app` is added.
          appVersionLabels: false,
          podLabels: { app: service.name },
        });
      } else {
        workload = this.services[service.name] = new GatewayDeployment(this, service.id, serviceProperties);
      }
      // Seed 003: "Alert fires to notify team", "Check latency dashboard in Grafana".
      this.monitors[service.name] = observe(workload, workload, 'graphics-world').monitor;
    }
    if (props.environment !== 'development') {
      // Seed 003: `kubectl create cronjob backup-world-state --schedule="0 2 * * *" -- /backup.sh`,
      // pinned, restricted, one run at a time, with the dump on a volume. Staging runs it too:
      // the backup tool reaches production only after staging ran it (ZD023), and a restore
      // is rehearsed from staging's dumps.
      this.backup = new BackupCronJob(this, 'WorldStateBackup', {
        name: 'backup-world-state',
        partOf: 'graphics-world',
        source: BackupSource.script({
          command: ['/backup.sh'],
          secretEnv: [{ name: 'DATABASE_PASSWORD', secretName: 'world-state-postgres', key: 'password' }],
        }),
        image: 'registry.local/backup-tool:1.2.0-3b4c5d6',
        schedule: '0 2 * * *',
        volumeClaimName: 'world-state-backups',
      });
    }
  }
}
