import { IConstruct } from 'constructs';
import { PodBlueprint } from '../workload/pod-blueprint';

/**
 * A workload whose pods observability attaches to: a GatewayDeployment, a BlueGreenService or a
 * CanaryRelease. Monitors, alerts and dashboards select every pod of it, whatever colour or
 * track, and tell its versions apart by `releaseLabelKey`.
 */
export interface IObservableWorkload extends IConstruct {
  /** The pod blueprint: name, namespace, selector, metrics endpoint. */
  readonly blueprint: PodBlueprint;
  /**
   * The pod label that tells the versions running during a release apart: `pod-template-hash`
   * for a rolling Deployment, the colour label of a blue/green release, `track` of a canary,
   * `rollouts-pod-template-hash` of an Argo Rollout.
   */
  readonly releaseLabelKey: string;
}
