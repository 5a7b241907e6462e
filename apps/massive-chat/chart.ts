import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AutoscaledWorkload, AutoscaledWorkloadProps, BackupCronJob, BackupSource, CanaryRelease, CanaryState, ConfigLayers, CustomMetricRule,
  EnvironmentProfile, GatewayDeployment, GatewayDeploymentProps, HardenedNamespace, KedaTrigger, MigrationJob, NetworkIsolation, NetworkPeer,
  PrometheusAdapterConfig, ResourcePreset, ScalingMetric, SecretEnvVar, TlsIngress, WorkloadMonitor,
} from '../../src';
import { APPS_DIR, Environment, PerEnvironment, releaseFile, SystemChartProps } from '../environments';
import { metricsAdapterChart } from '../metrics-adapter';
import { observe } from '../observability';

/** The lowest layer: what the services would assume if nothing else said otherwise. */
const CODE_DEFAULTS = {
  LOG_LEVEL: 'info',
  FEATURE_FLAGS: 'none',
  WS_HEARTBEAT_INTERVAL: '25s',
  WS_MAX_CONNECTIONS_PER_POD: '5000',
  REQUEST_TIMEOUT: '30s',
};

/** Seed 002's `<service>:<semver>-<gitsha>` tags. */
const RELEASE = '1.3.0-ab12cd3';
/** The Pods metrics the HPAs read, served by prometheus-adapter (ZD022). */
const GATEWAY_P95 = 'http_request_duration_seconds_p95';
const ACTIVE_SOCKETS = 'presence_active_sockets';
const ADAPTER_RULES = [
  CustomMetricRule.histogramQuantile(GATEWAY_P95, 'http_request_duration_seconds', 0.95),
  CustomMetricRule.gauge(ACTIVE_SOCKETS),
];

/** The port every service serves /metrics on, apart from the traffic it serves. */
const METRICS_PORT = 9090;
/** The platform's OpenTelemetry collector (OTLP over gRPC). */
const OTEL_COLLECTOR = 'http://otel-collector.observability:4317';
/** Seed 002's smoke tests run curl in the cluster. */
const SMOKE_TEST_IMAGE = 'curlimages/curl:8.11.1';
const JWT: SecretEnvVar = { name: 'JWT_SECRET', secretName: 'chat-app-jwt', key: 'jwt-secret' };

interface ChatService {
  /** Construct id (fixed, never derived from data). */
  readonly id: string;
  readonly name: string;
  readonly port: number;
  readonly component: string;
  readonly replicas: PerEnvironment<number>;
  readonly secretEnv: SecretEnvVar[];
  /** WebSocket-serving services drain long-lived connections before they stop. */
  readonly websockets?: boolean;
  /** Seed 002 section 6.2: the metric each service scales on. */
  readonly scaling?: Omit<AutoscaledWorkloadProps, 'target'>;
  /** Released in production as a canary by replica ratio (seed 002: 1 of 5). */
  readonly canary?: boolean;
  /** Paths the smoke test after apply requests (seed 002 pipeline: "Run Smoke Tests"), staging and production. */
  readonly smokePaths?: string[];
  /**
   * The release staging runs, when it is ahead of the others: the one production canaries now
   * went to staging first (ZD023).
   */
  readonly stagingRelease?: string;
}

/** Seed 002 section 6.2: the services and what they serve. */
const SERVICES: ChatService[] = [
  {
    id: 'ApiGateway',
    name: 'api-gateway',
    port: 3000,
    component: 'gateway',
    websockets: true,
    replicas: { development: 1, staging: 2, production: 3 },
    secretEnv: [JWT],
    smokePaths: ['/health', '/health/live'],
    // Seed 002: "CPU / req latency": CPU, and the p95 request latency per pod past 500 ms.
    scaling: { metrics: [ScalingMetric.cpuUtilization(70), ScalingMetric.podsAverage(GATEWAY_P95, '500m')] },
  },
  {
    id: 'UserService',
    name: 'user-service',
    port: 3001,
    component: 'users',
    replicas: { development: 1, staging: 2, production: 3 },
    secretEnv: [JWT, { name: 'DATABASE_PASSWORD', secretName: 'chat-app-postgres', key: 'password' }],
  },
  {
    id: 'MessageService',
    name: 'message-service',
    port: 3002,
    component: 'messages',
    // Production: 4 stable pods; a 20 % canary adds 1 (4 x 20 / 80), seed 002's 1 of 5.
    replicas: { development: 1, staging: 2, production: 4 },
    // Seed 002: "Mongo ops / CPU". CPU only: MongoDB's operations are the database's load, and
    // adding clients when the database is busy adds to it. Production's canary is a replica
    // ratio, which an autoscaler would change (apps/README.md), so staging only.
    scaling: { metrics: [ScalingMetric.cpuUtilization(70)] },
    secretEnv: [{ name: 'MONGODB_PASSWORD', secretName: 'chat-app-mongodb', key: 'password' }],
    canary: true,
    // Production canaries 1.4.0-de45f67 (release/production.message-service.json): staging runs it.
    stagingRelease: '1.4.0-de45f67',
  },
  {
    id: 'PresenceService',
    name: 'presence-service',
    port: 3003,
    component: 'presence',
    websockets: true,
    replicas: { development: 1, staging: 2, production: 3 },
    secretEnv: [{ name: 'REDIS_PASSWORD', secretName: 'chat-app-redis', key: 'password' }],
    // Active WebSocket connections per pod, served by prometheus-adapter as a Pods metric.
    scaling: { metrics: [ScalingMetric.podsAverage(ACTIVE_SOCKETS, '4000')] },
  },
  {
    id: 'NotificationService',
    name: 'notification-service',
    port: 3004,
    component: 'notifications',
    replicas: { development: 1, staging: 2, production: 2 },
    secretEnv: [{ name: 'KAFKA_PASSWORD', secretName: 'chat-app-kafka', key: 'password' }],
    // Kafka consumer lag through KEDA: no external metrics adapter needed.
    scaling: {
      minReplicas: 2,
      maxReplicas: 12,
      eventDriven: {
        triggers: [KedaTrigger.kafkaLag({
          bootstrapServers: 'kafka.chat-app:9092', consumerGroup: 'notification-service', topic: 'notifications', lagThreshold: 100,
        })],
      },
    },
  },
];

function serviceProps(service: ChatService, environment: Environment, config: ConfigLayers): GatewayDeploymentProps {
  return {
    name: service.name,
    partOf: 'massive-chat',
    appVersionLabels: true,
    component: service.component,
    image: `chat-app/${service.name}:${environment === 'staging' ? service.stagingRelease ?? RELEASE : RELEASE}`,
    profile: EnvironmentProfile.fromName(environment),
    replicas: service.replicas[environment],
    // Seed 002: staging is "close to prod sizing": production's requests and limits.
    resources: environment === 'staging' ? ResourcePreset.large() : undefined,
    port: service.port,
    // Seed 002: "Expose /metrics over cluster-internal HTTP": on a port of its own, which the
    // Service offers to Prometheus and no Ingress routes (ZD021).
    metricsPort: METRICS_PORT,
    // Seed 002 hardening checklist: /health is readiness; liveness detects fatal errors only.
    readinessPath: '/health',
    livenessPath: '/health/live',
    // WebSocket clients reconnect on close; give open sockets two minutes to finish.
    drainTimeout: Duration.seconds(service.websockets ? 120 : 30),
    // Shared configuration through the ConfigMap; each service's own secrets through env
    // secretKeyRefs, which Kubernetes lets win over envFrom (Secret > ConfigMap > defaults).
    config,
    env: {
      PORT: `${service.port}`,
      METRICS_PORT: `${METRICS_PORT}`,
      // Seed 002's tracing and central logging: the OpenTelemetry SDK's standard variables,
      // pointing at the platform's collector (traces and logs over OTLP; logs also on stdout).
      OTEL_SERVICE_NAME: service.name,
      OTEL_EXPORTER_OTLP_ENDPOINT: OTEL_COLLECTOR,
      OTEL_RESOURCE_ATTRIBUTES: `service.namespace=massive-chat,deployment.environment=${environment}`,
    },
    secretEnv: service.secretEnv,
  };
}

/**
 * Massive Scale Chat (seed 002): five services in `chat-app`, hardened per the production
 * checklist (limits, probes, Secrets, non-root, no capabilities, read-only root, /metrics),
 * sharing one layered configuration with seed 002's precedence.
 */
export class MassiveChatChart extends Chart {
  /** The chat-app Namespace, restricted by Pod Security Admission. */
  public readonly hardenedNamespace: HardenedNamespace;
  /** The shared configuration. */
  public readonly config: ConfigLayers;
  /** The services, by name. */
  public readonly services: { [name: string]: GatewayDeployment } = {};
  /** Autoscaling of the services that scale, by service name. */
  public readonly scaling: { [name: string]: AutoscaledWorkload } = {};
  /** The canary releases (production), by service name. */
  public readonly canaries: { [name: string]: CanaryRelease } = {};
  /** The public WebSocket entry point (staging, production). */
  public readonly ingress?: TlsIngress;
  /** The ServiceMonitor of each service, by service name. */
  public readonly monitors: { [name: string]: WorkloadMonitor } = {};
  /** PostgreSQL, MongoDB and Redis reachable only from the services that use them, by database. */
  public readonly databaseIsolation: { [database: string]: NetworkIsolation } = {};
  /** The database backups (staging, production), by database. */
  public readonly backups: { [database: string]: BackupCronJob } = {};
  /** user-service's PostgreSQL migration, a Job per release. */
  public readonly migration: MigrationJob;
  /** The custom metrics adapter's rules for the gateway's latency and presence's sockets (staging, production). */
  public readonly metricsAdapter?: PrometheusAdapterConfig;

  constructor(scope: Construct, id: string, props: SystemChartProps) {
    super(scope, id, { namespace: 'chat-app' });
    if (props.environment !== 'development') this.metricsAdapter = metricsAdapterChart(scope, id, ADAPTER_RULES);
    // Seed 002: "ensure namespace.yaml applied first". The apply order puts it first in the file.
    this.hardenedNamespace = new HardenedNamespace(this, 'Namespace', { name: 'chat-app', labels: { environment: props.environment } });
    this.config = new ConfigLayers(this, 'Config', {
      name: 'chat-app-config',
      directory: props.configDirectory ?? path.join(APPS_DIR, 'massive-chat', 'env'),
      environment: props.environment,
      defaults: CODE_DEFAULTS,
    });
    for (const service of SERVICES) {
      if (service.canary && props.environment === 'production') {
        const canary = new CanaryRelease(this, service.id, {
          ...serviceProps(service, props.environment, this.config),
          release: CanaryState.fromFile(releaseFile('massive-chat', props, service.name)),
        });
        this.canaries[service.name] = canary;
        this.monitors[service.name] = observe(canary, canary, 'massive-chat').monitor;
        continue;
      }
      const smokeTest = service.smokePaths && props.environment !== 'development' ? { image: SMOKE_TEST_IMAGE, paths: service.smokePaths } : undefined;
      const workload = new GatewayDeployment(this, service.id, { ...serviceProps(service, props.environment, this.config), smokeTest });
      this.services[service.name] = workload;
      // Seed 002 section 8: every service serves /metrics.
      this.monitors[service.name] = observe(workload, workload, 'massive-chat').monitor;
      // Development runs fixed single replicas (no autoscaling bounds in its profile).
      if (service.scaling && props.environment !== 'development') {
        this.scaling[service.name] = new AutoscaledWorkload(workload, 'Scaling', { target: workload, ...service.scaling });
      }
    }
    if (props.environment !== 'development') {
      // Seed 002: sticky WebSocket sessions through the load balancer, long idle timeouts; the
      // gateway's 120 s drain lets open sockets close before a pod stops.
      this.ingress = new TlsIngress(this, 'Ingress', {
        name: 'api-gateway',
        host: props.environment === 'production' ? 'chat.massive-scale.example' : 'chat.staging.massive-scale.example',
        serviceName: 'api-gateway',
        tlsSecretName: 'api-gateway-tls',
        clusterIssuer: 'letsencrypt-prod',
        webSocket: { readTimeout: Duration.hours(1), sendTimeout: Duration.hours(1), cookieAffinity: true },
      });
    }
    // Seed 002: "Automated DB migrations on deploy: add init container or job". A Job per
    // release, before the workloads in the file; migrations are expand/contract, so the pods
    // still running the release before keep working on the migrated schema. Its pods carry
    // user-service's name, which the PostgreSQL NetworkPolicy admits.
    const users = SERVICES.find((s) => s.name === 'user-service')!;
    this.migration = new MigrationJob(this, 'UserMigration', {
      name: users.name,
      partOf: 'massive-chat',
      profile: EnvironmentProfile.fromName(props.environment),
      image: serviceProps(users, props.environment, this.config).image,
      command: ['npm', 'run', 'migrate'],
      env: { DATABASE_HOST: 'postgresql' },
      secretEnv: users.secretEnv.filter((e) => e.name === 'DATABASE_PASSWORD'),
    });
    this.isolateDatabases(props.environment);
  }

  /**
   * Seed 002's hardening checklist: database backends unreachable from public ingress. Each
   * database admits only the services that use it (and its backup Job), on its own port.
   * Seed 002 section 10: daily pg_dump and mongodump; Redis holds ephemeral presence only.
   */
  private isolateDatabases(environment: Environment): void {
    const backups = environment !== 'development';
    for (const db of DATABASES) {
      const backupName = `${db.name}-backup`;
      this.databaseIsolation[db.name] = new NetworkIsolation(this, `${db.id}Isolation`, {
        name: `${db.name}-isolation`,
        podSelector: { 'app.kubernetes.io/name': db.name },
        ports: [db.port],
        allowFrom: [
          // Replication between the database's own members.
          NetworkPeer.pods({ 'app.kubernetes.io/name': db.name }),
          ...db.clients.map((client) => NetworkPeer.pods({ 'app.kubernetes.io/name': client })),
          ...(db.backup && backups ? [NetworkPeer.pods({ 'app.kubernetes.io/name': backupName })] : []),
        ],
        egressTo: [{ peer: NetworkPeer.pods({ 'app.kubernetes.io/name': db.name }), port: db.port }],
        labels: { 'app.kubernetes.io/part-of': 'massive-chat', 'app.kubernetes.io/managed-by': 'cdk8s-zero-downtime' },
      });
      if (db.backup && backups) {
        this.backups[db.name] = new BackupCronJob(this, `${db.id}Backup`, {
          name: backupName,
          partOf: 'massive-chat',
          source: db.backup,
          image: db.backupImage!,
          schedule: db.schedule!,
          volumeClaimName: 'chat-app-backups',
          retentionDays: environment === 'production' ? 14 : 3,
        });
      }
    }
  }
}

interface ChatDatabase {
  readonly id: string;
  /** `app.kubernetes.io/name` of the database's pods. */
  readonly name: string;
  readonly port: number;
  /** The services that connect to it. */
  readonly clients: string[];
  readonly backup?: BackupSource;
  readonly backupImage?: string;
  readonly schedule?: string;
}

/** Seed 002's backends: PostgreSQL (users), MongoDB (messages), Redis (presence). */
const DATABASES: ChatDatabase[] = [
  {
    id: 'Postgres',
    name: 'postgresql',
    port: 5432,
    clients: ['user-service'],
    backup: BackupSource.postgres({ host: 'postgresql', database: 'chat', user: 'chat', passwordSecret: { secretName: 'chat-app-postgres', key: 'password' } }),
    backupImage: 'postgres:16.4-alpine',
    schedule: '0 2 * * *',
  },
  {
    id: 'Mongo',
    name: 'mongodb',
    port: 27017,
    clients: ['message-service'],
    backup: BackupSource.mongo({ uriSecret: { secretName: 'chat-app-mongodb', key: 'uri' } }),
    backupImage: 'mongo:7.0.14',
    schedule: '30 2 * * *',
  },
  { id: 'Redis', name: 'redis', port: 6379, clients: ['presence-service'] },
];
