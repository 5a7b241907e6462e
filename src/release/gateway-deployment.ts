import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ReleaseWorkload, ReleaseWorkloadProps } from './release-workload';
import { renderSmokeTest, SmokeTestOptions } from './smoke-test';
import { EnvironmentProfile } from '../profile/environment-profile';
import { IScalableWorkload, ScaleTargetReference } from '../scaling/scalable-workload';
import { rolloutSettingsOf } from '../workload/prop-picks';
import { ScalableDeployment } from '../workload/scalable-deployment';

/**
 * Props of a GatewayDeployment: the pod, the rollout, the Service and the budget.
 */
export interface GatewayDeploymentProps extends ReleaseWorkloadProps {
  /** The container image. Staging and production require an immutable reference (ZD007). */
  readonly image: string;
  /**
   * A smoke-test Job against the Service after each release: named after the image, so each
   * release's test runs once, when `kubectl apply` brings it (seed 002: "Run Smoke Tests"
   * after apply). It runs while the rollout goes on: it shows the Service serves, not which
   * pods answered.
   * @default - none
   */
  readonly smokeTest?: SmokeTestOptions;
}

/**
 * A hardened rolling Deployment with its Service and PodDisruptionBudget.
 *
 * Defaults: maxSurge 1 / maxUnavailable 0, startup, readiness and liveness probes on the
 * named port, preStop drain with a grace period that covers it, restricted security
 * context, explicit resources, spread and a PDB from the environment profile. Objects are
 * named from `name`, selectors use `app.kubernetes.io/name` + `app.kubernetes.io/instance`.
 */
export class GatewayDeployment extends ReleaseWorkload implements IScalableWorkload {
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The ClusterIP Service `<name>`. */
  public readonly service: ApiObject;
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
  /** The smoke-test Job of this release, when `smokeTest` is set. */
  public readonly smokeTestJob?: ApiObject;

  private readonly workload: ScalableDeployment;

  constructor(scope: Construct, id: string, props: GatewayDeploymentProps) {
    super(scope, id, props, props.image, 'pod-template-hash');
    this.workload = new ScalableDeployment(this, 'Deployment', { ...rolloutSettingsOf(props), blueprint: this.blueprint, name: props.name, replicas: this.replicas });
    this._addWorkload(this.workload, this.workload.deployment);
    this.deployment = this.workload.deployment;
    this.scaleTarget = this.workload.scaleTarget;
    this.labels = this.workload.labels;
    this.profile = this.workload.profile;
    this.containerNames = this.workload.containerNames;
    this.requestedResources = this.workload.requestedResources;

    this.service = this._addService('Service', { name: props.name, selector: this.workload.selector });
    this._addHeadlessService(props, this.workload.selector);
    this._autoscale(this.workload);
    if (props.smokeTest) {
      this.smokeTestJob = renderSmokeTest(this, props.smokeTest, {
        host: props.name, port: this.servicePort, releasedImage: props.image, labels: this.blueprint.labels.withoutVersion, baseName: props.name,
      });
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
