import { IConstruct } from 'constructs';
import { EnvironmentProfile } from '../profile/environment-profile';

/**
 * The object an autoscaler targets (`scaleTargetRef` / `targetRef`).
 */
export interface ScaleTargetReference {
  /** API version of the target (`apps/v1`, `argoproj.io/v1alpha1`). */
  readonly apiVersion: string;
  /** Kind of the target (`Deployment`, `Rollout`). */
  readonly kind: string;
  /** Name of the target. */
  readonly name: string;
}

/**
 * A workload an AutoscaledWorkload can scale: a GatewayDeployment today, a running colour of a
 * BlueGreenService or an Argo Rollout tomorrow. It hands over its replica count and keeps its
 * disruption budget consistent with the autoscaler's minimum.
 */
export interface IScalableWorkload extends IConstruct {
  /** What the HPA's `scaleTargetRef` and the VPA's `targetRef` point at. */
  readonly scaleTarget: ScaleTargetReference;
  /** Labels the autoscaling objects carry (the workload's recommended labels). */
  readonly labels: { [key: string]: string };
  /** The environment profile the workload was built with. */
  readonly profile: EnvironmentProfile;
  /** Names of the workload's containers. */
  readonly containerNames: string[];
  /** Resources every container of the workload requests (`cpu`, `memory`, ...). */
  readonly requestedResources: string[];
  /**
   * Hands the replica count to an autoscaler: the workload stops rendering `spec.replicas`
   * (ZD005) and keeps its PodDisruptionBudget consistent with `minReplicas` (ZD004).
   */
  scaleExternally(minReplicas: number): void;
}
