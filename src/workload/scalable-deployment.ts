import { ApiObject, Duration, Lazy } from 'cdk8s';
import { k8s, PercentOrAbsolute } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { BlueprintWorkload } from './blueprint-workload';
import { PodBlueprint } from './pod-blueprint';
import { fail } from '../core/violation';
import { APP_LABELS } from '../core/well-known-keys';
import { checkRollingCapacity, resolveBound } from '../policy/rules/zd002-rolling-capacity';

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
export class ScalableDeployment extends BlueprintWorkload {
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The fixed replica count while no autoscaler manages it. */
  public readonly replicas: number;
  /** Labels of the Deployment and its pods (with the image's version). */
  public readonly podLabels: { [key: string]: string };

  constructor(scope: Construct, id: string, props: ScalableDeploymentProps) {
    super(scope, id, { ...props, apiVersion: 'apps/v1', kind: 'Deployment' });
    const blueprint = props.blueprint;
    const owner = scope;
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
    this.podLabels = { ...blueprint.labelsForImage(image), ...props.extraLabels };
    const version = this.podLabels[APP_LABELS.version];

    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: this.podLabels,
        annotations: { 'kubernetes.io/change-cause': props.changeCause ?? `release ${version}` },
      },
      spec: Lazy.any({
        produce: (): k8s.DeploymentSpec => ({
          replicas: this.renderedReplicas(this.replicas),
          selector: { matchLabels: this.selector },
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: toIntOrString(maxSurge), maxUnavailable: toIntOrString(maxUnavailable) },
          },
          minReadySeconds: this.minReadySeconds,
          progressDeadlineSeconds: this.progressDeadlineSeconds,
          revisionHistoryLimit: this.revisionHistoryLimit,
          template: blueprint.renderTemplate({ labels: this.podLabels, spreadSelector: this.selector, image }),
        }),
      }),
    });
    this.ensureDisruptionBudget(this.replicas);
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
