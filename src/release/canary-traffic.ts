import { Duration } from 'cdk8s';
import { AnalysisTemplate } from './argo/analysis-template';
import { GatewayReference } from '../traffic/gateway-reference';

/**
 * How traffic reaches the canary.
 */
export enum CanaryRouting {
  /** One Service selects both tracks; the canary's share is its share of the replicas (9 stable pods and 1 canary pod take 10 %). */
  REPLICA_RATIO = 'replica-ratio',
  /** A Traefik TraefikService splits traffic by weight between `<name>-stable` and `<name>-canary`. */
  TRAEFIK = 'traefik',
  /** A Gateway API HTTPRoute splits traffic by backendRef weights. */
  GATEWAY_API = 'gateway-api',
  /** ingress-nginx: a canary Ingress with `canary-weight` beside the main Ingress. */
  NGINX = 'nginx',
  /** An Argo Rollout with canary steps, analysis and traffic routing. */
  ARGO_ROLLOUTS = 'argo-rollouts',
}

/**
 * One step of an Argo Rollouts canary.
 */
export class CanaryStep {
  /** Send `percent` of the traffic to the canary (Argo `setWeight`). */
  public static trafficWeight(percent: number): CanaryStep {
    return new CanaryStep(percent, undefined, false);
  }

  /** Wait `duration`, or until promoted by hand when no duration is given. */
  public static pause(duration?: Duration): CanaryStep {
    return new CanaryStep(undefined, duration, true);
  }

  private constructor(
    /** The weight of a setWeight step. */
    public readonly weight: number | undefined,
    /** The duration of a pause step. */
    public readonly duration: Duration | undefined,
    /** Whether this is a pause. */
    public readonly isPause: boolean,
  ) {}
}

/**
 * How an Argo Rollouts canary routes traffic.
 */
export enum ArgoTrafficRouting {
  /** By replica counts only. */
  NONE = 'none',
  /** ingress-nginx, through the stable Ingress `<name>`. */
  NGINX = 'nginx',
  /** Traefik, through the TraefikService `<name>`. */
  TRAEFIK = 'traefik',
}

/**
 * Argo Rollouts canary options.
 */
export interface ArgoCanaryOptions {
  /** The steps: weights strictly increasing, pauses between them. */
  readonly steps: CanaryStep[];
  /**
   * Background analysis templates.
   * @default - none
   */
  readonly analysis?: AnalysisTemplate[];
  /**
   * The step at which the background analysis starts .
   * @default 0
   */
  readonly analysisStartingStep?: number;
  /**
   * Traffic routing.
   * @default ArgoTrafficRouting.NONE
   */
  readonly trafficRouting?: ArgoTrafficRouting;
  /**
   * AnalysisRuns kept of each outcome, successful and unsuccessful.
   * @default - Argo's default (5)
   */
  readonly analysisRunHistoryLimit?: number;
}

/**
 * Options of a canary routed by weight (Traefik, Gateway API, ingress-nginx).
 */
export interface WeightedCanaryOptions {
  /**
   * Pods of the canary track while a canary runs; the stable track keeps its size. The route
   * sends the canary live traffic, so in production it needs 2 (ZD016).
   * @default 2 where the profile keeps disruption budgets (production), else 1
   */
  readonly canaryReplicas?: number;
}

/**
 * The Ingress of a canary routed by ingress-nginx.
 */
export interface CanaryIngressOptions extends WeightedCanaryOptions {
  /** The host. */
  readonly host: string;
  /**
   * The ingress class.
   * @default 'nginx'
   */
  readonly className?: string;
}

/**
 * How traffic reaches the canary track. Every mode keeps the stable track at `replicas` pods
 * and adds the canary's pods beside it, so a canary never takes capacity from stable.
 */
export class CanaryTraffic {
  /**
   * One Service over both tracks; the canary's share is its share of the pods:
   * `round(replicas x weight / (100 - weight))` canary pods (at least 1) beside `replicas`
   * stable ones. No autoscaling: an autoscaler would change the ratio.
   */
  public static replicaRatio(): CanaryTraffic {
    return new CanaryTraffic(CanaryRouting.REPLICA_RATIO, {});
  }

  /** A Traefik TraefikService `<name>` splits traffic by weight between `<name>-stable` and `<name>-canary`. */
  public static traefik(options: WeightedCanaryOptions = {}): CanaryTraffic {
    return new CanaryTraffic(CanaryRouting.TRAEFIK, { canaryReplicas: options.canaryReplicas });
  }

  /** A Gateway API HTTPRoute `<name>` on `gateway` splits traffic by backendRef weights. */
  public static gatewayApi(gateway: GatewayReference, options: WeightedCanaryOptions = {}): CanaryTraffic {
    return new CanaryTraffic(CanaryRouting.GATEWAY_API, { gateway, canaryReplicas: options.canaryReplicas });
  }

  /** ingress-nginx: an Ingress `<name>` to stable and, while a canary runs, a canary Ingress with `canary-weight`. */
  public static nginx(ingress: CanaryIngressOptions): CanaryTraffic {
    return new CanaryTraffic(CanaryRouting.NGINX, { ingress, canaryReplicas: ingress.canaryReplicas });
  }

  /** An Argo Rollout with canary steps, analysis and traffic routing; the controller sets the weights. */
  public static argoRollouts(options: ArgoCanaryOptions): CanaryTraffic {
    return new CanaryTraffic(CanaryRouting.ARGO_ROLLOUTS, { argo: options });
  }

  /** The Gateway (Gateway API mode). */
  public readonly gateway?: GatewayReference;
  /** The Ingress (ingress-nginx mode). */
  public readonly ingress?: CanaryIngressOptions;
  /** The Argo Rollouts options (Argo mode). */
  public readonly argo?: ArgoCanaryOptions;
  /** Pods of the canary track while a canary runs (weighted modes). */
  public readonly canaryReplicas?: number;

  private constructor(
    /** The routing mode. */
    public readonly routing: CanaryRouting,
    options: { gateway?: GatewayReference; ingress?: CanaryIngressOptions; argo?: ArgoCanaryOptions; canaryReplicas?: number },
  ) {
    this.gateway = options.gateway;
    this.ingress = options.ingress;
    this.argo = options.argo;
    this.canaryReplicas = options.canaryReplicas;
  }
}
