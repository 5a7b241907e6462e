import { Duration } from 'cdk8s';

/**
 * How a scaling policy counts.
 */
export enum ScalingPolicyType {
  /** A percentage of the current replicas per period. */
  PERCENT = 'Percent',
  /** A number of pods per period. */
  PODS = 'Pods',
}

/**
 * Which policy wins when several allow different changes.
 */
export enum ScalingPolicySelect {
  /** The policy allowing the largest change. */
  MAX = 'Max',
  /** The policy allowing the smallest change. */
  MIN = 'Min',
  /** No scaling in this direction. */
  DISABLED = 'Disabled',
}

/**
 * One scaling policy: at most `value` (percent or pods) per `period`.
 */
export interface ScalingPolicy {
  /** What `value` counts: percent of the current replicas, or pods (the HPA policy's `type`). */
  readonly unit: ScalingPolicyType;
  /** The amount allowed per period; above 0. */
  readonly value: number;
  /** The period the amount applies to; 1 to 1800 seconds. */
  readonly period: Duration;
}

/**
 * Scaling behaviour in one direction.
 */
export interface ScalingRules {
  /**
   * How long past recommendations are considered before acting (0 to 3600 seconds).
   * @default - Kubernetes' default: 0 s up, 300 s down
   */
  readonly stabilizationWindow?: Duration;
  /**
   * The policies; at least one.
   * @default - Kubernetes' defaults
   */
  readonly policies?: ScalingPolicy[];
  /**
   * Which policy wins.
   * @default ScalingPolicySelect.MAX
   */
  readonly selectPolicy?: ScalingPolicySelect;
}
