import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PodBlueprint } from './pod-blueprint';
import { checkValue } from '../core/checks';
import { wholeSeconds } from '../core/durations';
import { dns1123LabelProblem } from '../core/k8s-names';
import { wholeNumberProblem } from '../core/k8s-numbers';
import { fail } from '../core/violation';
import { EnvironmentProfile } from '../profile/environment-profile';
import { DisruptionBudgetKeeper } from '../scaling/disruption-budget';
import { IScalableWorkload, ScaleTargetReference } from '../scaling/scalable-workload';

/**
 * What every workload rendered from a pod blueprint shares.
 */
export interface BlueprintWorkloadProps {
  /** The pod blueprint. */
  readonly blueprint: PodBlueprint;
  /** The workload's (and its budget's) name. */
  readonly name: string;
  /** API version of the workload object. */
  readonly apiVersion: string;
  /** Kind of the workload object. */
  readonly kind: string;
  /**
   * Labels added to the selector and the pods (a colour or a track).
   * @default - none
   */
  readonly extraLabels?: { [key: string]: string };
  /**
   * Whether a PodDisruptionBudget is created (from 2 replicas on).
   * @default - the profile's disruptionBudget
   */
  readonly disruptionBudget?: boolean;
  /**
   * Pods the budget lets voluntary disruptions take at once (ZD004).
   * @default 1
   */
  readonly disruptionBudgetMaxUnavailable?: number;
  /**
   * How long a new pod must stay ready before it counts as available.
   * @default - the profile's minReady
   */
  readonly minReady?: Duration;
  /**
   * How long a rollout may make no progress before it is reported failed.
   * @default - the profile's progressDeadline
   */
  readonly progressDeadline?: Duration;
  /**
   * Old ReplicaSets kept for rollback.
   * @default - the profile's revisionHistoryLimit
   */
  readonly revisionHistoryLimit?: number;
}

/**
 * A workload rendered from a pod blueprint (a Deployment, an Argo Rollout): it can be scaled
 * by an AutoscaledWorkload and keeps its PodDisruptionBudget consistent with the lowest
 * replica count it runs at. One implementation of ZD004/ZD005 for every workload kind.
 */
export abstract class BlueprintWorkload extends Construct implements IScalableWorkload {
  /** The workload, as an autoscaler's target. */
  public readonly scaleTarget: ScaleTargetReference;
  /** The environment profile. */
  public readonly profile: EnvironmentProfile;
  /** Labels of the objects that outlive a release (budget, autoscalers): no version. */
  public readonly labels: { [key: string]: string };
  /** The workload's pod selector. */
  public readonly selector: { [key: string]: string };
  /** The pod's container names. */
  public readonly containerNames: string[];
  /** Resources every container requests. */
  public readonly requestedResources: string[];

  /** minReadySeconds, checked. */
  protected readonly minReadySeconds: number;
  /** progressDeadlineSeconds, checked (longer than minReadySeconds). */
  protected readonly progressDeadlineSeconds: number;
  /** revisionHistoryLimit, checked. */
  protected readonly revisionHistoryLimit: number;

  private readonly budget: DisruptionBudgetKeeper;
  private minReplicas?: number;

  protected constructor(scope: Construct, id: string, props: BlueprintWorkloadProps) {
    super(scope, id);
    const blueprint = props.blueprint;
    this.profile = blueprint.profile;
    this.labels = { ...blueprint.labels.withoutVersion, ...props.extraLabels };
    this.selector = { ...blueprint.labels.selector, ...props.extraLabels };
    this.scaleTarget = { apiVersion: props.apiVersion, kind: props.kind, name: props.name };
    checkValue(scope, 'name', props.name, dns1123LabelProblem(props.name), 'shorten the name: the workload and its budget carry it');
    this.minReadySeconds = wholeSeconds(scope, 'minReady', props.minReady ?? this.profile.minReady);
    this.progressDeadlineSeconds = wholeSeconds(scope, 'progressDeadline', props.progressDeadline ?? this.profile.progressDeadline, true);
    if (this.progressDeadlineSeconds <= this.minReadySeconds) {
      fail(scope, {
        prop: 'progressDeadline',
        found: `${this.progressDeadlineSeconds}s with minReady ${this.minReadySeconds}s`,
        needed: 'must be longer than minReady: the API server refuses a deadline a new pod cannot meet',
        fix: `raise progressDeadline above ${this.minReadySeconds}s, such as Duration.seconds(${Math.max(600, this.minReadySeconds * 2)})`,
      });
    }
    this.revisionHistoryLimit = props.revisionHistoryLimit ?? this.profile.revisionHistoryLimit;
    checkValue(scope, 'revisionHistoryLimit', this.revisionHistoryLimit, wholeNumberProblem(this.revisionHistoryLimit, 1), 'keep at least one old ReplicaSet so rollback works, such as 10');
    const maxUnavailable = props.disruptionBudgetMaxUnavailable ?? 1;
    // A whole number here; ZD004 then says why 0 blocks drains.
    checkValue(scope, 'disruptionBudgetMaxUnavailable', maxUnavailable, wholeNumberProblem(maxUnavailable, 0), 'let a drain take at least one pod, such as 1');
    this.containerNames = [blueprint.name];
    this.requestedResources = Object.keys(blueprint.resources.toQuantities().requests);
    this.budget = new DisruptionBudgetKeeper(this, scope, {
      name: props.name,
      labels: this.labels,
      selector: this.selector,
      wanted: props.disruptionBudget ?? this.profile.disruptionBudget,
      explicitlyDisabled: props.disruptionBudget === false,
      maxUnavailable,
    });
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

  /** The replica count to render: the fixed count, or nothing once an autoscaler owns it (ZD005). */
  protected renderedReplicas(replicas: number): number | undefined {
    return this.minReplicas === undefined ? replicas : undefined;
  }

  /** Creates the budget the fixed replica count needs; call after the workload object. */
  protected ensureDisruptionBudget(replicas: number): void {
    this.budget.ensure(replicas);
  }
}
