import { ApiObject, Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { imageForProfile } from './image-policy';
import { IPodConfiguration, PodConfigBinding } from './pod-configuration';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './restricted-security';
import { WorkloadLabels, WorkloadLabelsProps } from './workload-labels';
import { wholeSeconds } from '../core/durations';
import { ImageReference } from '../core/image-reference';
import { isDnsLabel } from '../core/names';
import { secretEnvVar } from '../core/secret-env';
import { SecretEnvVar } from '../core/secret-reference';
import { fail } from '../core/violation';
import { RolloutChecks } from '../policy/rollout-checks';
import { checkLivenessDiffersFromReadiness } from '../policy/rules/zd001-probes';
import { checkGracePeriod } from '../policy/rules/zd003-grace-period';
import { EnvironmentProfile, SpreadPolicy } from '../profile/environment-profile';
import { ResourcePreset } from '../profile/resource-preset';

/**
 * Timing of one probe.
 */
export interface ProbeTiming {
  /**
   * Delay before the first probe.
   * @default Duration.seconds(0) (the startup probe gates the others)
   */
  readonly initialDelay?: Duration;
  /**
   * How often to probe.
   * @default - startup 5s, readiness 5s, liveness 10s
   */
  readonly period?: Duration;
  /**
   * How long one probe may take.
   * @default - startup 3s, readiness 3s, liveness 5s
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures before the probe counts as failed.
   * @default - readiness 3, liveness 3 (startup derives it from startupTimeout)
   */
  readonly failureThreshold?: number;
}

/**
 * Effect of a taint a toleration matches.
 */
export enum TaintEffect {
  /** Do not schedule new pods. */
  NO_SCHEDULE = 'NoSchedule',
  /** Avoid scheduling new pods. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Evict running pods. */
  NO_EXECUTE = 'NoExecute',
}

/**
 * A toleration (seed 004 tolerates `node-role.kubernetes.io/master`).
 */
export interface PodToleration {
  /** The taint key. */
  readonly key: string;
  /**
   * The taint value; omit to tolerate any value (operator Exists).
   * @default - any value
   */
  readonly value?: string;
  /**
   * The effect to tolerate.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
}

/**
 * Image pull policies.
 */
export enum ImagePullPolicy {
  /** Pull when the node lacks the image (right for immutable tags and digests). */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Always ask the registry. */
  ALWAYS = 'Always',
}

/**
 * Everything one hardened pod needs but its image. Shared by GatewayDeployment,
 * BlueGreenService and CanaryRelease (which take images from their release state), so
 * hardening is written once.
 */
export interface WorkloadPodProps {
  /** Application name: names the container, the ServiceAccount and `app.kubernetes.io/name`. */
  readonly name: string;
  /**
   * The environment's defaults.
   * @default EnvironmentProfile.development()
   */
  readonly profile?: EnvironmentProfile;
  /**
   * Namespace of every object rendered.
   * @default - no namespace (the namespace `kubectl apply` targets)
   */
  readonly namespace?: string;
  /**
   * `app.kubernetes.io/instance`.
   * @default - the name
   */
  readonly instance?: string;
  /**
   * `app.kubernetes.io/part-of`: the system this workload belongs to.
   * @default - no label
   */
  readonly partOf?: string;
  /**
   * `app.kubernetes.io/component`.
   * @default - no label
   */
  readonly component?: string;
  /**
   * The release version: `app.kubernetes.io/version` and `kubernetes.io/change-cause`.
   * @default - the image tag (or short digest)
   */
  readonly releaseVersion?: string;
  /**
   * The port the app serves on, exposed as a named container port.
   * @default 8080
   */
  readonly port?: number;
  /**
   * The name of the serving port; probes and Services refer to it by name.
   * @default 'http'
   */
  readonly portName?: string;
  /**
   * Container command.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Container arguments.
   * @default - the image's cmd
   */
  readonly args?: string[];
  /**
   * Readiness endpoint: checks the app and its dependencies.
   * @default '/ready'
   */
  readonly readinessPath?: string;
  /**
   * Liveness endpoint: checks only that the process works. Must differ from readiness (ZD001).
   * @default '/health'
   */
  readonly livenessPath?: string;
  /**
   * Startup endpoint.
   * @default - the liveness path
   */
  readonly startupPath?: string;
  /**
   * How long the app may take to start before it is restarted (seed 001: 60 s).
   * @default Duration.seconds(60)
   */
  readonly startupTimeout?: Duration;
  /**
   * Readiness probe timing.
   * @default - period 5s, timeout 3s, failureThreshold 3
   */
  readonly readiness?: ProbeTiming;
  /**
   * Liveness probe timing.
   * @default - period 10s, timeout 5s, failureThreshold 3
   */
  readonly liveness?: ProbeTiming;
  /**
   * Sleep in preStop so endpoints and load balancers stop sending traffic before the app
   * is asked to stop (seed 001: 15 s).
   * @default Duration.seconds(15)
   */
  readonly preStopDelay?: Duration;
  /**
   * The command that waits in preStop; the image must contain it.
   * @default ['sleep', '<preStopDelay in seconds>']
   */
  readonly preStopCommand?: string[];
  /**
   * The app's own graceful shutdown timeout after SIGTERM (seed 000: the WSGI graceful timeout).
   * @default Duration.seconds(30)
   */
  readonly drainTimeout?: Duration;
  /**
   * terminationGracePeriodSeconds; must exceed preStopDelay + drainTimeout (ZD003).
   * @default - preStopDelay + drainTimeout + 5s
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Container resources.
   * @default - the profile's resources
   */
  readonly resources?: ResourcePreset;
  /**
   * Spread over nodes and zones.
   * @default - the profile's spread
   */
  readonly spread?: SpreadPolicy;
  /**
   * Configuration the pods consume: a hashed ConfigMap as environment (`envFrom`), Secret key
   * references and mounted files (see ConfigLayers).
   * @default - none
   */
  readonly config?: IPodConfiguration;
  /**
   * Plain environment variables, in this order.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Environment variables from keys of existing Secrets.
   * @default - none
   */
  readonly secretEnv?: SecretEnvVar[];
  /**
   * Whether Prometheus scrape annotations are added.
   * @default true
   */
  readonly scrape?: boolean;
  /**
   * Port serving metrics; a port other than the serving port is exposed as `metrics`.
   * @default - the serving port
   */
  readonly metricsPort?: number;
  /**
   * Path serving metrics.
   * @default '/metrics'
   */
  readonly metricsPath?: string;
  /**
   * UID the container runs as; 10000 or above so it never maps to a host user.
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * GID the container runs as, and the pod's fsGroup; 10000 or above.
   * @default 10001
   */
  readonly runAsGroup?: number;
  /**
   * Size of the writable emptyDir mounted at /tmp (the root filesystem is read-only).
   * @default Size.mebibytes(64)
   */
  readonly tmpSize?: Size;
  /**
   * Node labels the pod must match (seed 004: `kubernetes.io/os: linux`).
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Taints the pod tolerates.
   * @default - none
   */
  readonly tolerations?: PodToleration[];
  /**
   * PriorityClass of the pods.
   * @default - the cluster default
   */
  readonly priorityClassName?: string;
  /**
   * Image pull policy.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
}

/**
 * Where the pods serve Prometheus metrics.
 */
export interface MetricsEndpoint {
  /** The container port. */
  readonly port: number;
  /** The container port's name (the serving port's name, or `metrics`). */
  readonly portName: string;
  /** The HTTP path. */
  readonly path: string;
}

/**
 * A pod blueprint: the pod settings and the image.
 */
export interface PodBlueprintProps extends WorkloadPodProps {
  /** The container image. Staging and production require an immutable reference (ZD007). */
  readonly image: string;
}

/** The template a workload renders, with the labels it must carry. */
export interface PodTemplateOptions {
  /** Labels every pod carries (selector labels included). */
  readonly labels: { [key: string]: string };
  /** Labels the anti-affinity and spread constraints select on. */
  readonly spreadSelector: { [key: string]: string };
  /**
   * The image of this template (a colour or track of a release), checked like the blueprint's.
   * @default - the blueprint's image
   */
  readonly image?: string;
}

/**
 * One hardened pod: probes on a named port, preStop drain with a validated grace period,
 * restricted security context, explicit resources, its own ServiceAccount without a token,
 * scrape annotations and spread. Workloads render their pod templates from it.
 */
export class PodBlueprint extends Construct {
  /** The container and application name. */
  public readonly name: string;
  /** The parsed image reference. */
  public readonly image: ImageReference;
  /** The environment profile in force. */
  public readonly profile: EnvironmentProfile;
  /** The recommended labels (selector: name + instance). */
  public readonly labels: WorkloadLabels;
  /** The release version (label and change-cause). */
  public readonly releaseVersion: string;
  /** The serving port. */
  public readonly port: number;
  /** The serving port's name. */
  public readonly portName: string;
  /** terminationGracePeriodSeconds, derived or validated (ZD003). */
  public readonly terminationGracePeriod: Duration;
  /** The resources every container of this pod requests. */
  public readonly resources: ResourcePreset;
  /** Namespace of every object rendered, if set. */
  public readonly namespace?: string;
  /** The ServiceAccount the pods run as (automountServiceAccountToken false). */
  public readonly serviceAccount: ApiObject;
  /** Where the pods serve metrics; undefined with `scrape: false`. */
  public readonly metrics?: MetricsEndpoint;

  private readonly props: PodBlueprintProps;
  private readonly env: k8s.EnvVar[] = [];
  private readonly configBinding: PodConfigBinding;
  private readonly labelProps: WorkloadLabelsProps;
  private readonly preStopSeconds: number;
  private readonly startupSeconds: number;

  constructor(scope: Construct, id: string, props: PodBlueprintProps) {
    super(scope, id);
    this.props = props;
    this.name = props.name;
    this.namespace = props.namespace;
    this.profile = props.profile ?? EnvironmentProfile.development();
    RolloutChecks.of(this, { environment: this.profile.name });
    this.image = this.checkImage(props.image);
    this.releaseVersion = props.releaseVersion ?? this.image.version ?? 'unversioned';
    this.labelProps = { name: props.name, instance: props.instance, partOf: props.partOf, component: props.component };
    this.labels = new WorkloadLabels({ ...this.labelProps, version: this.releaseVersion });
    this.port = checkPort(scope, 'port', props.port ?? 8080);
    this.portName = props.portName ?? 'http';
    if (!isDnsLabel(this.portName, 15) || !/[a-z]/.test(this.portName)) {
      fail(scope, { prop: 'portName', found: this.portName, needed: 'must be an IANA service name of at most 15 lowercase letters, digits and \'-\'', fix: 'use a name such as http' });
    }
    if (props.metricsPort !== undefined) checkPort(scope, 'metricsPort', props.metricsPort);
    if (props.scrape ?? true) {
      const metricsPort = props.metricsPort ?? this.port;
      this.metrics = { port: metricsPort, portName: metricsPort === this.port ? this.portName : 'metrics', path: props.metricsPath ?? '/metrics' };
    }

    const readinessPath = props.readinessPath ?? '/ready';
    const livenessPath = props.livenessPath ?? '/health';
    for (const path of [readinessPath, livenessPath, props.startupPath ?? livenessPath]) {
      if (!path.startsWith('/')) {
        fail(scope, { prop: 'probe path', found: path, needed: 'must start with /', fix: `write it as /${path}` });
      }
    }
    const probeViolation = checkLivenessDiffersFromReadiness(readinessPath, livenessPath);
    if (probeViolation) fail(scope, probeViolation);

    this.preStopSeconds = wholeSeconds(scope, 'preStopDelay', props.preStopDelay ?? Duration.seconds(15));
    const drainSeconds = wholeSeconds(scope, 'drainTimeout', props.drainTimeout ?? Duration.seconds(30));
    const graceSeconds = props.terminationGracePeriod
      ? wholeSeconds(scope, 'terminationGracePeriod', props.terminationGracePeriod)
      : this.preStopSeconds + drainSeconds + 5;
    const graceViolation = checkGracePeriod(graceSeconds, this.preStopSeconds, drainSeconds);
    if (graceViolation) fail(scope, graceViolation);
    this.terminationGracePeriod = Duration.seconds(graceSeconds);
    this.startupSeconds = wholeSeconds(scope, 'startupTimeout', props.startupTimeout ?? Duration.seconds(60));

    for (const prop of ['runAsUser', 'runAsGroup'] as const) {
      const uid = props[prop] ?? 10001;
      if (!Number.isInteger(uid) || uid < 10000) {
        fail(scope, { prop, found: `${uid}`, needed: 'must be a whole number of at least 10000 (restricted pods never share a host uid/gid)', fix: `set ${prop} to 10001 or build the image for a high uid` });
      }
    }
    this.resources = props.resources ?? this.profile.resources;

    for (const [name, value] of Object.entries(props.env ?? {})) this.addEnv(name, value);
    for (const ref of props.secretEnv ?? []) this.addSecretEnv(ref);
    this.configBinding = props.config?.bindToPod() ?? {};
    for (const ref of this.configBinding.secretEnv ?? []) this.addSecretEnv(ref);
    for (const key of this.configBinding.envFromKeys ?? []) {
      if (this.env.some((e) => e.name === key)) {
        fail(scope, {
          prop: 'env',
          found: key,
          needed: 'must not also come from the configuration ConfigMap (env silently wins over envFrom)',
          fix: 'set it in one place: remove it from env or from the .env layers',
        });
      }
    }

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: props.name, namespace: props.namespace, labels: this.labels.withoutVersion },
      automountServiceAccountToken: false,
    });
  }

  /**
   * Parses an image reference and applies the profile's tag policy (ZD007).
   */
  public checkImage(image: string): ImageReference {
    return imageForProfile(this.node.scope ?? this, image, this.profile);
  }

  /**
   * The recommended labels for pods running an image: the version label follows the image.
   */
  public labelsForImage(image: string): { [key: string]: string } {
    const version = image === this.image.reference ? this.releaseVersion : (ImageReference.parse(image).version ?? 'unversioned');
    return new WorkloadLabels({ ...this.labelProps, version }).all;
  }

  /**
   * Adds a plain environment variable.
   */
  public addEnv(name: string, value: string): void {
    this.checkEnvName(name);
    this.env.push({ name, value });
  }

  /**
   * Adds an environment variable read from a key of an existing Secret.
   */
  public addSecretEnv(ref: SecretEnvVar): void {
    this.checkEnvName(ref.name);
    this.env.push(secretEnvVar(ref.name, ref.secretName, ref.key));
  }

  /**
   * Renders the pod template. Called lazily by the owning workload at synth time.
   */
  public renderTemplate(options: PodTemplateOptions): k8s.PodTemplateSpec {
    const props = this.props;
    const metrics = this.metrics;
    const ports: k8s.ContainerPort[] = [{ name: this.portName, containerPort: this.port, protocol: 'TCP' }];
    if (props.metricsPort !== undefined && props.metricsPort !== this.port) ports.push({ name: 'metrics', containerPort: props.metricsPort, protocol: 'TCP' });
    const annotations: { [key: string]: string } = {};
    if (metrics) {
      annotations['prometheus.io/scrape'] = 'true';
      annotations['prometheus.io/port'] = `${metrics.port}`;
      annotations['prometheus.io/path'] = metrics.path;
    }
    const quantities = this.resources.toQuantities();
    const user = props.runAsUser ?? 10001;
    const group = props.runAsGroup ?? 10001;
    const livenessPath = props.livenessPath ?? '/health';
    const startupPeriod = 5;
    const files = this.configBinding.files;

    const container: k8s.Container = {
      name: this.name,
      image: options.image === undefined ? this.image.reference : this.checkImage(options.image).reference,
      imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      command: props.command,
      args: props.args,
      ports,
      envFrom: this.configBinding.envFromConfigMap ? [{ configMapRef: { name: this.configBinding.envFromConfigMap } }] : undefined,
      env: this.env.length > 0 ? [...this.env] : undefined,
      resources: {
        requests: mapQuantities(quantities.requests),
        limits: mapQuantities(quantities.limits),
      },
      startupProbe: this.httpProbe(props.startupPath ?? livenessPath, undefined, {
        period: startupPeriod,
        timeout: 3,
        failureThreshold: Math.max(1, Math.ceil(this.startupSeconds / startupPeriod)),
      }),
      readinessProbe: this.httpProbe(props.readinessPath ?? '/ready', props.readiness, { period: 5, timeout: 3, failureThreshold: 3 }),
      livenessProbe: this.httpProbe(livenessPath, props.liveness, { period: 10, timeout: 5, failureThreshold: 3 }),
      lifecycle: {
        preStop: { exec: { command: props.preStopCommand ?? ['sleep', `${this.preStopSeconds}`] } },
      },
      securityContext: restrictedContainerSecurityContext(user, group),
      volumeMounts: [
        { name: 'tmp', mountPath: '/tmp' },
        ...(files ? [{ name: 'config-files', mountPath: files.mountPath, readOnly: true }] : []),
      ],
      terminationMessagePolicy: 'FallbackToLogsOnError',
    };

    return {
      metadata: {
        labels: options.labels,
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      spec: {
        serviceAccountName: this.serviceAccount.name,
        automountServiceAccountToken: false,
        terminationGracePeriodSeconds: this.terminationGracePeriod.toSeconds(),
        securityContext: restrictedPodSecurityContext(user, group),
        containers: [container],
        volumes: [
          { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString(`${(props.tmpSize ?? Size.mebibytes(64)).toMebibytes()}Mi`) } },
          ...(files ? [{ name: 'config-files', configMap: { name: files.configMapName } }] : []),
        ],
        nodeSelector: props.nodeSelector,
        tolerations: props.tolerations?.map((t) => ({
          key: t.key,
          operator: t.value === undefined ? 'Exists' : 'Equal',
          value: t.value,
          effect: t.effect,
        })),
        priorityClassName: props.priorityClassName,
        ...this.renderSpread(options.spreadSelector),
      },
    };
  }

  private renderSpread(selector: { [key: string]: string }): Pick<k8s.PodSpec, 'affinity' | 'topologySpreadConstraints'> {
    const spread = this.props.spread ?? this.profile.spread;
    if (spread === SpreadPolicy.NONE) return {};
    const labelSelector = { matchLabels: selector };
    const hostnameTerm = { labelSelector, topologyKey: 'kubernetes.io/hostname' };
    return {
      affinity: {
        podAntiAffinity: spread === SpreadPolicy.REQUIRED
          ? { requiredDuringSchedulingIgnoredDuringExecution: [hostnameTerm] }
          : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: hostnameTerm }] },
      },
      topologySpreadConstraints: [{
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector,
        // Spread each ReplicaSet on its own, so a rollout's new pods are spread too.
        matchLabelKeys: ['pod-template-hash'],
      }],
    };
  }

  private httpProbe(path: string, timing: ProbeTiming | undefined, defaults: ProbeDefaults): k8s.Probe {
    const initialDelay = timing?.initialDelay?.toSeconds() ?? 0;
    return {
      httpGet: { path, port: k8s.IntOrString.fromString(this.portName), scheme: 'HTTP' },
      initialDelaySeconds: initialDelay > 0 ? initialDelay : undefined,
      periodSeconds: timing?.period?.toSeconds() ?? defaults.period,
      timeoutSeconds: timing?.timeout?.toSeconds() ?? defaults.timeout,
      failureThreshold: timing?.failureThreshold ?? defaults.failureThreshold,
      successThreshold: 1,
    };
  }

  private checkEnvName(name: string): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      fail(this.node.scope ?? this, { prop: 'env', found: name, needed: 'must be a variable name of letters, digits and _ not starting with a digit', fix: 'rename the variable' });
    }
    if (this.env.some((e) => e.name === name)) {
      fail(this.node.scope ?? this, { prop: 'env', found: name, needed: 'must be set once', fix: 'remove the duplicate (a Secret reference and a plain value cannot share a name)' });
    }
  }
}

interface ProbeDefaults {
  readonly period: number;
  readonly timeout: number;
  readonly failureThreshold: number;
}

function checkPort(scope: Construct, prop: string, port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(scope, { prop, found: `${port}`, needed: 'must be a whole number from 1 to 65535', fix: `set ${prop} to the port the app listens on` });
  }
  return port;
}

function mapQuantities(values: { [resource: string]: string }): { [resource: string]: k8s.Quantity } {
  const result: { [resource: string]: k8s.Quantity } = {};
  for (const [resource, value] of Object.entries(values)) result[resource] = k8s.Quantity.fromString(value);
  return result;
}
