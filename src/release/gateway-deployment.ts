import { ApiObject, Duration, Lazy } from 'cdk8s';
import { k8s, PercentOrAbsolute } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkRollingCapacity, resolveBound } from '../policy/rules/zd002-rolling-capacity';
import { fail } from '../policy/violation';
import { EnvironmentProfile } from '../profile/environment-profile';
import { DisruptionBudgetKeeper } from '../scaling/disruption-budget';
import { IScalableWorkload, ScaleTargetReference } from '../scaling/scalable-workload';
import { PodBlueprint, PodBlueprintProps } from '../workload/pod-blueprint';

/**
 * Props of a GatewayDeployment: the pod blueprint plus the rollout, Service and budget.
 */
export interface GatewayDeploymentProps extends PodBlueprintProps {
  /**
   * Number of pods.
   * @default - the profile's replicas
   */
  readonly replicas?: number;
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
   * The port the ClusterIP Service listens on (targets the named serving port).
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * Whether to add a headless Service `<name>-headless` on the container port (seed 004).
   * @default false
   */
  readonly headlessService?: boolean;
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
 * A hardened rolling Deployment with its Service and PodDisruptionBudget.
 *
 * Defaults: maxSurge 1 / maxUnavailable 0, startup, readiness and liveness probes on the
 * named port, preStop drain with a grace period that covers it, restricted security
 * context, explicit resources, spread and a PDB from the environment profile. Objects are
 * named from `name`, selectors use `app.kubernetes.io/name` + `app.kubernetes.io/instance`.
 */
export class GatewayDeployment extends Construct implements IScalableWorkload {
  /** The pod blueprint the Deployment renders. */
  public readonly blueprint: PodBlueprint;
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The ClusterIP Service. */
  public readonly service: ApiObject;
  /** The headless Service, when enabled. */
  public readonly headlessService?: ApiObject;
  /** The number of replicas while no autoscaler manages them. */
  public readonly replicas: number;
  /** The Deployment, as an autoscaler's target. */
  public readonly scaleTarget: ScaleTargetReference;
  /** Namespace, if set. */
  public readonly namespace?: string;
  /** The recommended labels of every object. */
  public readonly labels: { [key: string]: string };
  /** The environment profile. */
  public readonly profile: EnvironmentProfile;
  /** The pod's container names. */
  public readonly containerNames: string[];
  /** Resources every container requests. */
  public readonly requestedResources: string[];

  private readonly budget: DisruptionBudgetKeeper;
  private minReplicas?: number;

  constructor(scope: Construct, id: string, props: GatewayDeploymentProps) {
    super(scope, id);
    const blueprint = new PodBlueprint(this, 'Pod', props);
    this.blueprint = blueprint;
    const profile = blueprint.profile;

    this.replicas = props.replicas ?? profile.replicas;
    if (!Number.isInteger(this.replicas) || this.replicas < 1) {
      fail(this, { prop: 'replicas', found: `${this.replicas}`, needed: 'must be a whole number of at least 1', fix: 'set replicas to 1 or more' });
    }
    const maxSurge = props.maxSurge ?? PercentOrAbsolute.absolute(1);
    const maxUnavailable = props.maxUnavailable ?? PercentOrAbsolute.absolute(0);
    const surge = resolveBound(checkBound(this, 'maxSurge', maxSurge), this.replicas, true);
    const unavailable = resolveBound(checkBound(this, 'maxUnavailable', maxUnavailable), this.replicas, false);
    const capacityViolation = checkRollingCapacity(surge, unavailable, this.replicas);
    if (capacityViolation) fail(this, capacityViolation);

    this.profile = profile;
    this.namespace = props.namespace;
    this.scaleTarget = { apiVersion: 'apps/v1', kind: 'Deployment', name: props.name };
    this.containerNames = [blueprint.name];
    this.requestedResources = Object.keys(blueprint.resources.toQuantities().requests);

    const selector = blueprint.labels.selector;
    const labels = blueprint.labels.all;
    this.labels = labels;
    this.budget = new DisruptionBudgetKeeper(this, {
      name: props.name,
      namespace: props.namespace,
      labels,
      selector,
      wanted: props.disruptionBudget ?? profile.disruptionBudget,
      explicitlyDisabled: props.disruptionBudget === false,
      maxUnavailable: props.disruptionBudgetMaxUnavailable ?? 1,
    });
    const metadata = (name: string, annotations?: { [key: string]: string }) => ({
      name,
      namespace: props.namespace,
      labels,
      annotations,
    });

    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: metadata(props.name, { 'kubernetes.io/change-cause': `release ${blueprint.releaseVersion}` }),
      spec: Lazy.any({
        produce: (): k8s.DeploymentSpec => ({
          // Once an HPA owns the count, `kubectl apply` must not reset it (ZD005).
          replicas: this.minReplicas === undefined ? this.replicas : undefined,
          selector: { matchLabels: selector },
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: toIntOrString(maxSurge), maxUnavailable: toIntOrString(maxUnavailable) },
          },
          minReadySeconds: (props.minReady ?? profile.minReady).toSeconds(),
          progressDeadlineSeconds: (props.progressDeadline ?? profile.progressDeadline).toSeconds(),
          revisionHistoryLimit: props.revisionHistoryLimit ?? profile.revisionHistoryLimit,
          template: blueprint.renderTemplate({ labels, spreadSelector: selector }),
        }),
      }),
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: metadata(props.name),
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{
          name: blueprint.portName,
          port: props.servicePort ?? 80,
          targetPort: k8s.IntOrString.fromString(blueprint.portName),
          protocol: 'TCP',
        }],
      },
    });

    if (props.headlessService) {
      this.headlessService = new k8s.KubeService(this, 'HeadlessService', {
        metadata: metadata(`${props.name}-headless`),
        spec: {
          clusterIp: 'None',
          selector,
          ports: [{
            name: blueprint.portName,
            port: blueprint.port,
            targetPort: k8s.IntOrString.fromString(blueprint.portName),
            protocol: 'TCP',
          }],
        },
      });
    }
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
      fail(this, { prop: 'autoscaler', found: 'a second one', needed: 'must be attached once', fix: 'scale the workload with one AutoscaledWorkload' });
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
