import { Duration } from 'cdk8s';
import { AnalysisTemplate } from './argo/analysis-template';

/**
 * The kind of engine that carries out a blue/green release.
 */
export enum ReleaseEngine {
  /** Plain Deployments and Services; needs no controller. */
  NATIVE = 'native',
  /** One Argo Rollout; needs the Argo Rollouts controller. */
  ARGO_ROLLOUTS = 'argo-rollouts',
}

/**
 * Argo Rollouts blue/green options.
 */
export interface ArgoBlueGreenOptions {
  /**
   * Whether the Rollout promotes the preview by itself.
   * @default false (promotion is a reviewed step)
   */
  readonly autoPromotionEnabled?: boolean;
  /**
   * Promote automatically this long after the preview is ready.
   * @default - no automatic promotion
   */
  readonly autoPromotionSeconds?: Duration;
  /**
   * How long the old ReplicaSet keeps running after promotion.
   * @default Duration.seconds(30)
   */
  readonly scaleDownDelay?: Duration;
  /**
   * Replicas of the preview before promotion.
   * @default - full size
   */
  readonly previewReplicaCount?: number;
  /**
   * How long a ReplicaSet keeps running after an abort.
   * @default - Argo's default (30 s)
   */
  readonly abortScaleDownDelay?: Duration;
  /**
   * Weight of the preferred anti-affinity between the old and new ReplicaSets, 1 to 100.
   * @default 100
   */
  readonly antiAffinityWeight?: number;
  /**
   * Analysis against the preview Service before promotion.
   * @default - none
   */
  readonly prePromotionAnalysis?: AnalysisTemplate[];
  /**
   * Analysis against the active Service after promotion.
   * @default - none
   */
  readonly postPromotionAnalysis?: AnalysisTemplate[];
  /**
   * AnalysisRuns kept of each outcome, successful and unsuccessful.
   * @default - Argo's default (5)
   */
  readonly analysisRunHistoryLimit?: number;
}

/**
 * What carries out a blue/green release: `BlueGreenEngine.deployments()` (two Deployments, no
 * controller) or `BlueGreenEngine.argoRollouts({ ... })` (one Rollout with
 * `strategy.blueGreen`). Both put the same two Services in front: `<name>` and
 * `<name>-preview`.
 */
export class BlueGreenEngine {
  /** Deployments `<name>-blue` and `<name>-green`; the active Service's selector switches colour. */
  public static deployments(): BlueGreenEngine {
    return new BlueGreenEngine(ReleaseEngine.NATIVE, {});
  }

  /** One Argo Rollout with `strategy.blueGreen`; the Argo Rollouts controller switches the Services. */
  public static argoRollouts(options: ArgoBlueGreenOptions = {}): BlueGreenEngine {
    return new BlueGreenEngine(ReleaseEngine.ARGO_ROLLOUTS, options);
  }

  private constructor(
    /** The kind of engine. */
    public readonly kind: ReleaseEngine,
    /** The Argo Rollouts options (empty for the native engine). */
    public readonly argo: ArgoBlueGreenOptions,
  ) {}
}
