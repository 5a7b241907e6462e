import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ResourcePreset } from './resource-preset';
import { isDnsLabel } from '../core/names';

/**
 * How replicas of one workload are spread over nodes and zones.
 */
export enum SpreadPolicy {
  /** No spread constraints (development: one node, one replica). */
  NONE = 'none',
  /**
   * Preferred hostname anti-affinity plus a zone topologySpreadConstraint that schedules anyway:
   * spreads when the cluster can, never blocks a rollout.
   */
  PREFERRED = 'preferred',
  /**
   * Required hostname anti-affinity (seed 003's world-state) plus the zone spread: no two
   * replicas on one node. A rollout with maxSurge needs one spare node.
   */
  REQUIRED = 'required',
}

/**
 * Which image references an environment accepts (ZD007).
 */
export enum ImageTagPolicy {
  /** Any reference, `latest` included (development). */
  ANY = 'any',
  /** Only `<semver>-<gitsha>` tags or digests. */
  IMMUTABLE = 'immutable',
}

/**
 * Default replica bounds of the autoscalers in an environment.
 */
export interface AutoscalingBounds {
  /** Lowest replica count. */
  readonly minReplicas: number;
  /** Highest replica count. */
  readonly maxReplicas: number;
}

/**
 * The decisions an environment makes for every workload in it.
 */
export interface EnvironmentProfileProps {
  /** The environment's name (`development`, `staging`, `production`, or your own). */
  readonly name: string;
  /**
   * Replicas per workload unless a workload says otherwise.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Container resources unless a workload says otherwise.
   * @default ResourcePreset.small()
   */
  readonly resources?: ResourcePreset;
  /**
   * How replicas are spread over nodes and zones.
   * @default SpreadPolicy.NONE
   */
  readonly spread?: SpreadPolicy;
  /**
   * Whether workloads with 2 or more replicas get a PodDisruptionBudget.
   * @default true
   */
  readonly disruptionBudget?: boolean;
  /**
   * Which image references are accepted.
   * @default ImageTagPolicy.IMMUTABLE
   */
  readonly imageTagPolicy?: ImageTagPolicy;
  /**
   * How long a rollout may make no progress before the Deployment reports it failed.
   * @default Duration.seconds(600)
   */
  readonly progressDeadline?: Duration;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * How long a new pod must stay ready before it counts as available.
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;
  /**
   * Default autoscaler bounds; without them an AutoscaledWorkload renders no autoscaler unless
   * it is given bounds itself.
   * @default - no autoscaling by default
   */
  readonly autoscaling?: AutoscalingBounds;
}

/** The context key naming the environment of every construct that sets no profile. */
export const ENVIRONMENT_CONTEXT = 'cdk8s-zero-downtime:environment';

/**
 * Environment presets (development, staging, production) and custom profiles.
 */
export class EnvironmentProfile {
  /** One replica, small resources, no spread, no PDB, any image tag, no autoscaling (local iteration). */
  public static development(): EnvironmentProfile {
    return new EnvironmentProfile({
      name: 'development',
      replicas: 1,
      resources: ResourcePreset.small(),
      spread: SpreadPolicy.NONE,
      disruptionBudget: false,
      imageTagPolicy: ImageTagPolicy.ANY,
    });
  }

  /** Two replicas, small resources, preferred spread, PDB, immutable images, autoscaling 3 to 20. */
  public static staging(): EnvironmentProfile {
    return new EnvironmentProfile({
      name: 'staging',
      replicas: 2,
      resources: ResourcePreset.small(),
      spread: SpreadPolicy.PREFERRED,
      disruptionBudget: true,
      imageTagPolicy: ImageTagPolicy.IMMUTABLE,
      minReady: Duration.seconds(5),
      // Seed 004's hpa.yaml.
      autoscaling: { minReplicas: 3, maxReplicas: 20 },
    });
  }

  /** Three replicas, large resources, preferred spread, PDB, immutable images, autoscaling 5 to 50. */
  public static production(): EnvironmentProfile {
    return new EnvironmentProfile({
      name: 'production',
      replicas: 3,
      resources: ResourcePreset.large(),
      spread: SpreadPolicy.PREFERRED,
      disruptionBudget: true,
      imageTagPolicy: ImageTagPolicy.IMMUTABLE,
      minReady: Duration.seconds(10),
      // Seed 004's values-production.yaml.
      autoscaling: { minReplicas: 5, maxReplicas: 50 },
    });
  }

  /** A preset by name: `development`, `staging` or `production`. */
  public static fromName(name: string): EnvironmentProfile {
    switch (name) {
      case 'development': return EnvironmentProfile.development();
      case 'staging': return EnvironmentProfile.staging();
      case 'production': return EnvironmentProfile.production();
      default:
        throw new Error(`EnvironmentProfile: 'name' (${JSON.stringify(name)}) must be development, staging or production; use EnvironmentProfile.custom() for other environments`);
    }
  }

  /**
   * The profile of a construct that sets none: the preset named by the context value
   * `cdk8s-zero-downtime:environment` (set once per app, before its charts:
   * `app.node.setContext('cdk8s-zero-downtime:environment', 'staging')`), else production. Production is the default because a
   * forgotten profile must fail safe: an over-provisioned development namespace costs a
   * little, an under-protected production service drops traffic.
   */
  public static of(scope: IConstruct): EnvironmentProfile {
    const named: unknown = scope.node.tryGetContext(ENVIRONMENT_CONTEXT);
    if (named === undefined) return EnvironmentProfile.production();
    if (typeof named !== 'string' || !['development', 'staging', 'production'].includes(named)) {
      throw new Error(`${scope.node.path || '(app)'}: context '${ENVIRONMENT_CONTEXT}' (${JSON.stringify(named)}) must be development, staging or production; set it to one of them, or give the construct a profile (EnvironmentProfile.custom() for other environments)`);
    }
    return EnvironmentProfile.fromName(named);
  }

  /** A profile of your own; unset props take the defaults documented on EnvironmentProfileProps. */
  public static custom(props: EnvironmentProfileProps): EnvironmentProfile {
    return new EnvironmentProfile(props);
  }

  /** The environment's name. */
  public readonly name: string;
  /** Default replicas per workload. */
  public readonly replicas: number;
  /** Default container resources. */
  public readonly resources: ResourcePreset;
  /** Spread over nodes and zones. */
  public readonly spread: SpreadPolicy;
  /** Whether workloads with 2 or more replicas get a PodDisruptionBudget. */
  public readonly disruptionBudget: boolean;
  /** Accepted image references. */
  public readonly imageTagPolicy: ImageTagPolicy;
  /** Deployment progressDeadlineSeconds. */
  public readonly progressDeadline: Duration;
  /** Deployment revisionHistoryLimit. */
  public readonly revisionHistoryLimit: number;
  /** Deployment minReadySeconds. */
  public readonly minReady: Duration;
  /** Default autoscaler bounds, if the environment autoscales by default. */
  public readonly autoscaling?: AutoscalingBounds;

  private constructor(props: EnvironmentProfileProps) {
    if (!isDnsLabel(props.name, Infinity)) {
      throw new Error(`EnvironmentProfile: 'name' (${JSON.stringify(props.name)}) must be a lowercase DNS label; use letters, digits and '-'`);
    }
    this.name = props.name;
    this.replicas = props.replicas ?? 1;
    if (!Number.isInteger(this.replicas) || this.replicas < 1) {
      throw new Error(`EnvironmentProfile ${props.name}: 'replicas' (${this.replicas}) must be a whole number of at least 1; set replicas to 1 or more`);
    }
    this.resources = props.resources ?? ResourcePreset.small();
    this.spread = props.spread ?? SpreadPolicy.NONE;
    this.disruptionBudget = props.disruptionBudget ?? true;
    this.imageTagPolicy = props.imageTagPolicy ?? ImageTagPolicy.IMMUTABLE;
    this.progressDeadline = props.progressDeadline ?? Duration.seconds(600);
    this.revisionHistoryLimit = props.revisionHistoryLimit ?? 10;
    if (!Number.isInteger(this.revisionHistoryLimit) || this.revisionHistoryLimit < 1) {
      throw new Error(`EnvironmentProfile ${props.name}: 'revisionHistoryLimit' (${this.revisionHistoryLimit}) must be a whole number of at least 1; keep at least one old ReplicaSet so rollback works`);
    }
    this.minReady = props.minReady ?? Duration.seconds(0);
    const deadline = this.progressDeadline.toMilliseconds();
    const minReady = this.minReady.toMilliseconds();
    if (!(deadline > minReady)) {
      throw new Error(`EnvironmentProfile ${props.name}: 'progressDeadline' (${deadline / 1000}s with minReady ${minReady / 1000}s) must be longer than minReady: the API server refuses a deadline a new pod cannot meet; raise progressDeadline or lower minReady`);
    }
    this.autoscaling = props.autoscaling;
  }
}
