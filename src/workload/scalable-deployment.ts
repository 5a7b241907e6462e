import { ApiObject, Duration, Lazy } from 'cdk8s';
import { k8s, PercentOrAbsolute } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PodBlueprint } from './pod-blueprint';
import { checkRollingCapacity, resolveBound } from '../policy/rules/zd002-rolling-capacity';
import { fail } from '../policy/violation';
import { EnvironmentProfile } from '../profile/environment-profile';
import { DisruptionBudgetKeeper } from '../scaling/disruption-budget';
import { IScalableWorkload, ScaleTargetReference } from '../scaling/scalable-workload';

/**
 * Rolling-update and disruption settings of a Deployment.
 */
export interface RolloutSettings {
  /**
   * Extra pods a rollout may create above replicas (rounded up for percentages).
   * @default PercentOrAbsolute.absolute(1)
   */
  readonly maxSurge?: PercentOrAbsolute;
  /**
   * Pods a rollout may take below replicas (rounded down for percentages). With 0, capacity
   * never drops during a rollout.
   * @default PercentOrAbsolute.absolute(0)
   */
  readonly maxUnavailable?: PercentOrAbsolute;
  /**
   * How long a new pod must stay ready before it counts as available.
   * @default - the profile's minReady
   */
  readonly minReady?: Duration;
  /**
   * How long a rollout may make no progress before it is reported failed.
   * @default - the profile's progressDeadline (600 s)
   */
  readonly progressDeadline?: Duration;
  /**
   * Old ReplicaSets kept for rollback.
   * @default - the profile's revisionHistoryLimit (10)
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Whether a PodDisruptionBudget is created (from 2 replicas on).
   * @default - the profile's disruptionBudget
   */
  readonly disruptionBudget?: boolean;
  /**
   * Pods the budget lets voluntary disruptions take at once; must stay below replicas (ZD004).
   * @default 1
   */
  readonly disruptionBudgetMaxUnavailable?: number;
}

/**
 * Props of a ScalableDeployment.
 */
export interface ScalableDeploymentProps extends RolloutSettings {
  /** The pod blueprint. */
  readonly blueprint: PodBlueprint;
  /** The Deployment's (and its budget's) name. */
  readonly name: string;
  /** Pods while no autoscaler manages them; 0 for an idle blue/green colour. */
  readonly replicas: number;
  /**
   * Labels added to the selector and the pods (a colour or a track).
   * @default - none
   */
  readonly extraLabels?: { [key: string]: string };
  /**
   * The image these pods run.
   * @default - the blueprint's image
   */
  readonly image?: string;
  /**
   * The `kubernetes.io/change-cause` annotation.
   * @default - 'release <version of the image>'
   */
  readonly changeCause?: string;
}

/**
 * One rolling Deployment rendered from a pod blueprint, with its PodDisruptionBudget: the unit
 * GatewayDeployment, each blue/green colour and each canary track are made of. It validates
 * the rolling bounds (ZD002), keeps the budget consistent (ZD004) and can hand its replica
 * count to an autoscaler (ZD005).
 */
export class ScalableDeployment extends Construct implements IScalableWorkload {
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The fixed replica count while no autoscaler manages it. */
  public readonly replicas: number;
  /** The Deployment, as an autoscaler's target. */
  public readonly scaleTarget: ScaleTargetReference;
  /** Namespace, if set. */
  public readonly namespace?: string;
  /** The environment profile. */
  public readonly profile: EnvironmentProfile;
  /** Labels of the Deployment and its pods. */
  public readonly labels: { [key: string]: string };
  /** The Deployment's selector. */
  public readonly selector: { [key: string]: string };
  /** The pod's container names. */
  public readonly containerNames: string[];
  /** Resources every container requests. */
  public readonly requestedResources: string[];

  private readonly budget: DisruptionBudgetKeeper;
  private minReplicas?: number;

  constructor(scope: Construct, id: string, props: ScalableDeploymentProps) {
    super(scope, id);
    const blueprint = props.blueprint;
    const profile = blueprint.profile;
    const owner = scope;
    this.profile = profile;
    this.namespace = blueprint.namespace;
    this.replicas = props.replicas;
    if (!Number.isInteger(this.replicas) || this.replicas < 0) {
      fail(owner, { prop: 'replicas', found: `${this.replicas}`, needed: 'must be a whole number of at least 0', fix: 'set replicas to 0 (idle) or more' });
    }
    const maxSurge = props.maxSurge ?? PercentOrAbsolute.absolute(1);
    const maxUnavailable = props.maxUnavailable ?? PercentOrAbsolute.absolute(0);
    const surge = resolveBound(checkBound(owner, 'maxSurge', maxSurge), this.replicas, true);
    const unavailable = resolveBound(checkBound(owner, 'maxUnavailable', maxUnavailable), this.replicas, false);
    const capacityViolation = checkRollingCapacity(surge, unavailable, this.replicas);
    if (capacityViolation) fail(owner, capacityViolation);

    const image = props.image ?? blueprint.image.reference;
    this.labels = { ...blueprint.labelsForImage(image), ...props.extraLabels };
    this.selector = { ...blueprint.labels.selector, ...props.extraLabels };
    this.scaleTarget = { apiVersion: 'apps/v1', kind: 'Deployment', name: props.name };
    this.containerNames = [blueprint.name];
    this.requestedResources = Object.keys(blueprint.resources.toQuantities().requests);
    const version = this.labels['app.kubernetes.io/version'];

    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: this.namespace,
        labels: this.labels,
        annotations: { 'kubernetes.io/change-cause': props.changeCause ?? `release ${version}` },
      },
      spec: Lazy.any({
        produce: (): k8s.DeploymentSpec => ({
          // Once an HPA owns the count, `kubectl apply` must not reset it (ZD005).
          replicas: this.minReplicas === undefined ? this.replicas : undefined,
          selector: { matchLabels: this.selector },
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: toIntOrString(maxSurge), maxUnavailable: toIntOrString(maxUnavailable) },
          },
          minReadySeconds: (props.minReady ?? profile.minReady).toSeconds(),
          progressDeadlineSeconds: (props.progressDeadline ?? profile.progressDeadline).toSeconds(),
          revisionHistoryLimit: props.revisionHistoryLimit ?? profile.revisionHistoryLimit,
          template: blueprint.renderTemplate({ labels: this.labels, spreadSelector: this.selector, image }),
        }),
      }),
    });

    this.budget = new DisruptionBudgetKeeper(this, owner, {
      name: props.name,
      namespace: this.namespace,
      labels: this.labels,
      selector: this.selector,
      wanted: props.disruptionBudget ?? profile.disruptionBudget,
      explicitlyDisabled: props.disruptionBudget === false,
      maxUnavailable: props.disruptionBudgetMaxUnavailable ?? 1,
    });
    this.budget.ensure(this.replicas);
  }

  /** The PodDisruptionBudget, when one exists. */
  public get podDisruptionBudget(): ApiObject | undefined {
    return this.budget.budget;
  }

  /**
   * Hands the replica count to an autoscaler: `spec.replicas` is no longer rendered (ZD005)
   * and the disruption budget follows the autoscaler's minimum (ZD004).
   */
  public scaleExternally(minReplicas: number): void {
    if (this.minReplicas !== undefined) {
      fail(this.node.scope ?? this, { prop: 'autoscaler', found: 'a second one', needed: 'must be attached once', fix: 'scale the workload with one AutoscaledWorkload' });
    }
    this.budget.ensure(minReplicas);
    this.minReplicas = minReplicas;
  }
}

function checkBound(scope: Construct, prop: string, value: PercentOrAbsolute): number | string {
  const raw: unknown = value.value;
  const ok = typeof raw === 'number'
    ? Number.isInteger(raw) && raw >= 0
    : typeof raw === 'string' && /^(100|[1-9]?\d)%$/.test(raw);
  if (!ok) {
    fail(scope, { prop, found: String(raw), needed: 'must be a whole number of pods or a percentage from 0% to 100%', fix: 'use PercentOrAbsolute.absolute(1) or PercentOrAbsolute.percent(25)' });
  }
  return raw as number | string;
}

function toIntOrString(value: PercentOrAbsolute): k8s.IntOrString {
  const raw: unknown = value.value;
  return typeof raw === 'number' ? k8s.IntOrString.fromNumber(raw) : k8s.IntOrString.fromString(String(raw));
}
