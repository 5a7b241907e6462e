import { Duration, Size } from 'cdk8s';
import { IPodConfiguration } from './pod-configuration';
import { SecretEnvVar } from '../core/secret-reference';
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
   * @default - EnvironmentProfile.of(this): the context value 'cdk8s-zero-downtime:environment', else production
   */
  readonly profile?: EnvironmentProfile;
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
   * Plain labels every pod carries, never part of a selector (a Deployment's selector is
   * immutable): a team, a cost centre. They may not set the labels this library owns
   * (`app.kubernetes.io/*`, the colour and track labels).
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Also label every pod with `app` (the name) and `version` (the release version of the image
   * it runs, per colour or track): the labels Istio, Kiali and `kubectl get pods -l app=<name>`
   * key on. Never part of a selector; `podLabels` wins over them.
   * @default false
   */
  readonly appVersionLabels?: boolean;
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
