import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';

/**
 * When the Vertical Pod Autoscaler applies its recommendations.
 */
export enum VpaUpdateMode {
  /** Recommend only; never change pods (safe beside an HPA on the same resources). */
  OFF = 'Off',
  /** Set resources when pods are created; never evict. */
  INITIAL = 'Initial',
  /** Evict pods to apply new resources. */
  RECREATE = 'Recreate',
  /** Apply by eviction (or in place where supported). */
  AUTO = 'Auto',
}

/**
 * Resource bounds of the VPA's recommendations.
 */
export interface VpaResourceBounds {
  /** CPU bound. */
  readonly cpu: Cpu;
  /** Memory bound. */
  readonly memory: Size;
}

/**
 * A VerticalPodAutoscaler (autoscaling.k8s.io/v1) beside the HPA (seed 004).
 */
export interface VerticalScalingOptions {
  /**
   * When recommendations are applied. Auto and Recreate conflict with an HPA scaling on the
   * same resources (ZD009).
   * @default VpaUpdateMode.OFF
   */
  readonly updateMode?: VpaUpdateMode;
  /**
   * Lowest recommendation.
   * @default - no lower bound
   */
  readonly minAllowed?: VpaResourceBounds;
  /**
   * Highest recommendation.
   * @default - no upper bound
   */
  readonly maxAllowed?: VpaResourceBounds;
  /**
   * Resources the VPA controls.
   * @default ['cpu', 'memory']
   */
  readonly controlledResources?: string[];
}
