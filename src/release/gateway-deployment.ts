import { ApiObject, Duration, Lazy } from 'cdk8s';
import { k8s, PercentOrAbsolute } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkRollingCapacity, resolveBound } from '../policy/rules/zd002-rolling-capacity';
import { checkDisruptionBudget } from '../policy/rules/zd004-disruption-budget';
import { fail } from '../policy/violation';
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
export class GatewayDeployment extends Construct {
  /** The pod blueprint the Deployment renders. */
  public readonly blueprint: PodBlueprint;
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The ClusterIP Service. */
  public readonly service: ApiObject;
  /** The headless Service, when enabled. */
  public readonly headlessService?: ApiObject;
  /** The PodDisruptionBudget, when created. */
  public readonly podDisruptionBudget?: ApiObject;
  /** The number of replicas. */
  public readonly replicas: number;

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

    const budgetWanted = props.disruptionBudget ?? profile.disruptionBudget;
    const budgetMaxUnavailable = props.disruptionBudgetMaxUnavailable ?? 1;
    // A budget exists from 2 replicas on; an explicit opt-out is checked too (ZD004).
    const createBudget = budgetWanted && this.replicas >= 2;
    if (createBudget || props.disruptionBudget === false) {
      const budgetViolation = checkDisruptionBudget(this.replicas, budgetWanted, budgetMaxUnavailable);
      if (budgetViolation) fail(this, budgetViolation);
    }

    const selector = blueprint.labels.selector;
    const labels = blueprint.labels.all;
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
          replicas: this.replicas,
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

    if (createBudget) {
      this.podDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: metadata(props.name),
        spec: {
          maxUnavailable: k8s.IntOrString.fromNumber(budgetMaxUnavailable),
          selector: { matchLabels: selector },
          // Lets a drain evict pods that never became ready instead of blocking on them.
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
    }
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
