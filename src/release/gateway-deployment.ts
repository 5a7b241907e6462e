import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { fail } from '../core/violation';
import { IObservableWorkload } from '../observability/observable-workload';
import { EnvironmentProfile } from '../profile/environment-profile';
import { IScalableWorkload, ScaleTargetReference } from '../scaling/scalable-workload';
import { PodBlueprint } from '../workload/pod-blueprint';
import { PodBlueprintProps } from '../workload/pod-props';
import { RolloutSettings, ScalableDeployment } from '../workload/scalable-deployment';
import { renderService } from '../workload/service';

/**
 * Props of a GatewayDeployment: the pod blueprint plus the rollout, Service and budget.
 */
export interface GatewayDeploymentProps extends PodBlueprintProps, RolloutSettings {
  /**
   * Number of pods.
   * @default - the profile's replicas
   */
  readonly replicas?: number;
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
}

/**
 * A hardened rolling Deployment with its Service and PodDisruptionBudget.
 *
 * Defaults: maxSurge 1 / maxUnavailable 0, startup, readiness and liveness probes on the
 * named port, preStop drain with a grace period that covers it, restricted security
 * context, explicit resources, spread and a PDB from the environment profile. Objects are
 * named from `name`, selectors use `app.kubernetes.io/name` + `app.kubernetes.io/instance`.
 */
export class GatewayDeployment extends Construct implements IScalableWorkload, IObservableWorkload {
  /** The pod blueprint the Deployment renders. */
  public readonly blueprint: PodBlueprint;
  /** The label telling a rollout's old and new pods apart: `pod-template-hash`. */
  public readonly releaseLabelKey = 'pod-template-hash';
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
  /** The recommended labels of every object. */
  public readonly labels: { [key: string]: string };
  /** The environment profile. */
  public readonly profile: EnvironmentProfile;
  /** The pod's container names. */
  public readonly containerNames: string[];
  /** Resources every container requests. */
  public readonly requestedResources: string[];

  private readonly workload: ScalableDeployment;

  constructor(scope: Construct, id: string, props: GatewayDeploymentProps) {
    super(scope, id);
    this.blueprint = new PodBlueprint(this, 'Pod', props);
    this.replicas = props.replicas ?? this.blueprint.profile.replicas;
    if (!Number.isInteger(this.replicas) || this.replicas < 1) {
      fail(this, { prop: 'replicas', found: `${this.replicas}`, needed: 'must be a whole number of at least 1', fix: 'set replicas to 1 or more' });
    }
    this.workload = new ScalableDeployment(this, 'Deployment', { ...props, blueprint: this.blueprint, name: props.name, replicas: this.replicas });
    this.deployment = this.workload.deployment;
    this.scaleTarget = this.workload.scaleTarget;
    this.labels = this.workload.labels;
    this.profile = this.workload.profile;
    this.containerNames = this.workload.containerNames;
    this.requestedResources = this.workload.requestedResources;

    const service = { labels: this.labels, selector: this.workload.selector, portName: this.blueprint.portName };
    this.service = renderService(this, 'Service', { ...service, name: props.name, port: props.servicePort ?? 80 });
    if (props.headlessService) {
      this.headlessService = renderService(this, 'HeadlessService', { ...service, name: `${props.name}-headless`, port: this.blueprint.port, headless: true });
    }
  }

  /** The PodDisruptionBudget, when one exists. */
  public get podDisruptionBudget(): ApiObject | undefined {
    return this.workload.podDisruptionBudget;
  }

  /**
   * Hands the replica count to an autoscaler: `spec.replicas` is no longer rendered (ZD005)
   * and the disruption budget follows the autoscaler's minimum (ZD004).
   */
  public scaleExternally(minReplicas: number): void {
    this.workload.scaleExternally(minReplicas);
  }
}
