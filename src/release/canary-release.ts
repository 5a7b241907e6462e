import { ApiObject, Duration } from 'cdk8s';
import { PercentOrAbsolute } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AnalysisTemplate, renderAnalysisRef } from './argo/analysis-template';
import { ARGO_HASH_LABEL } from '../core/well-known-keys';
import { ArgoRollout } from './argo/argo-rollout';
import { CanaryState } from './canary-state';
import { fail } from '../core/violation';
import { IObservableWorkload } from '../observability/observable-workload';
import { AutoscaledWorkload, AutoscalingOptions } from '../scaling/autoscaled-workload';
import { GatewayReference } from '../traffic/gateway-reference';
import { renderIngress } from '../traffic/ingress-object';
import { reduceWeights, renderHttpRoute, renderTraefikWeighted, WeightedBackend } from '../traffic/routes';
import { PodBlueprint } from '../workload/pod-blueprint';
import { WorkloadPodProps } from '../workload/pod-props';
import { RolloutSettings, ScalableDeployment } from '../workload/scalable-deployment';
import { renderService } from '../workload/service';

/**
 * How traffic reaches the canary.
 */
export enum CanaryRouting {
  /** One Service selects both tracks; the canary's share is its share of the replicas (seed 003: 9:1, seed 002: 1 of 5). */
  REPLICA_RATIO = 'replica-ratio',
  /** A Traefik TraefikService splits traffic by weight between `<name>-stable` and `<name>-canary` (seed 003). */
  TRAEFIK = 'traefik',
  /** A Gateway API HTTPRoute splits traffic by backendRef weights. */
  GATEWAY_API = 'gateway-api',
  /** ingress-nginx: a canary Ingress with `canary-weight` beside the main Ingress. */
  NGINX = 'nginx',
  /** An Argo Rollout with canary steps, analysis and traffic routing (seed 004). */
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
 * Argo Rollouts canary options (seed 004).
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
   * The step at which the background analysis starts (seed 004: 2).
   * @default 0
   */
  readonly analysisStartingStep?: number;
  /**
   * Traffic routing.
   * @default ArgoTrafficRouting.NONE
   */
  readonly trafficRouting?: ArgoTrafficRouting;
}

/**
 * The Ingress of the NGINX routing mode.
 */
export interface CanaryIngressOptions {
  /** The host. */
  readonly host: string;
  /**
   * The ingress class.
   * @default 'nginx'
   */
  readonly className?: string;
}

/**
 * Props of a CanaryRelease.
 */
export interface CanaryReleaseProps extends WorkloadPodProps, RolloutSettings {
  /** The canary release state, usually `CanaryState.fromFile()`. */
  readonly release: CanaryState;
  /**
   * How traffic reaches the canary.
   * @default CanaryRouting.REPLICA_RATIO
   */
  readonly routing?: CanaryRouting;
  /**
   * Replica ratio: total pods of both tracks. Weighted modes: pods of the stable track.
   * @default - the profile's replicas
   */
  readonly replicas?: number;
  /**
   * Weighted modes: pods of the canary track while a canary runs.
   * @default 1
   */
  readonly canaryReplicas?: number;
  /**
   * The port the Services listen on.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * The pod label holding the track.
   * @default 'track'
   */
  readonly trackLabelKey?: string;
  /**
   * Autoscaling of the stable track (weighted and Argo modes; an autoscaler would break a
   * replica ratio). The canary track keeps its fixed size: its load follows its weight.
   * @default - fixed replicas
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * The Gateway, with CanaryRouting.GATEWAY_API.
   * @default - required for GATEWAY_API
   */
  readonly gateway?: GatewayReference;
  /**
   * The Ingress, with CanaryRouting.NGINX.
   * @default - required for NGINX
   */
  readonly ingress?: CanaryIngressOptions;
  /**
   * Argo Rollouts options, with CanaryRouting.ARGO_ROLLOUTS.
   * @default - required for ARGO_ROLLOUTS
   */
  readonly argo?: ArgoCanaryOptions;
}

/**
 * A canary release: stable and canary tracks from one pod blueprint, with a `track` label,
 * routed by replica ratio, Traefik or Gateway API weights, ingress-nginx canary annotations, or
 * an Argo Rollouts canary. Each track keeps its own disruption budget; the stable track can
 * autoscale. Promotion and rollback are changes of the release file (`cdk8s-zd canary`,
 * `promote`, `rollback`).
 */
export class CanaryRelease extends Construct implements IObservableWorkload {
  /** The pod blueprint both tracks render. */
  public readonly blueprint: PodBlueprint;
  /** The label telling the tracks apart (the track label, or Argo's `rollouts-pod-template-hash`). */
  public readonly releaseLabelKey: string;
  /** The stable track (all modes but Argo). */
  public readonly stable?: ScalableDeployment;
  /** The canary track (all modes but Argo). */
  public readonly canary?: ScalableDeployment;
  /** The Rollout (Argo mode). */
  public readonly rollout?: ApiObject;
  /** The object that splits traffic: TraefikService, HTTPRoute or canary Ingress, when one exists. */
  public readonly router?: ApiObject;
  /** Pods of the stable track while not autoscaled. */
  public readonly stableReplicas: number;
  /** Pods of the canary track. */
  public readonly canaryReplicas: number;

  constructor(scope: Construct, id: string, props: CanaryReleaseProps) {
    super(scope, id);
    const release = props.release;
    const routing = props.routing ?? CanaryRouting.REPLICA_RATIO;
    this.blueprint = new PodBlueprint(this, 'Pod', { ...props, image: release.stableImage });
    const name = props.name;
    const port = props.servicePort ?? 80;
    const trackKey = props.trackLabelKey ?? 'track';
    this.releaseLabelKey = routing === CanaryRouting.ARGO_ROLLOUTS ? ARGO_HASH_LABEL : trackKey;
    const labels = this.blueprint.labels.withoutVersion;
    const selector = this.blueprint.labels.selector;
    const base = { labels, portName: this.blueprint.portName, port };
    const total = props.replicas ?? this.blueprint.profile.replicas;

    if (routing === CanaryRouting.REPLICA_RATIO) {
      if (props.autoscaling) {
        fail(this, { prop: 'autoscaling', found: 'set with replica-ratio routing', needed: 'must be unset: an autoscaler changes the replica counts that set the canary\'s share', fix: 'use weighted routing (TRAEFIK, GATEWAY_API, NGINX, ARGO_ROLLOUTS) to autoscale' });
      }
      this.canaryReplicas = release.hasCanary ? Math.max(1, Math.round((total * release.weight) / 100)) : 0;
      this.stableReplicas = total - this.canaryReplicas;
      if (this.stableReplicas < 1) {
        fail(this, {
          prop: 'weight',
          found: `${release.weight}% of ${total} replicas (${this.canaryReplicas} canary, ${this.stableReplicas} stable, from ${release.source})`,
          needed: 'must leave at least one stable pod',
          fix: 'lower the weight, raise replicas, or promote the canary (cdk8s-zd promote)',
        });
      }
    } else {
      this.stableReplicas = total;
      this.canaryReplicas = release.hasCanary ? (props.canaryReplicas ?? 1) : 0;
      if (!Number.isInteger(this.canaryReplicas) || this.canaryReplicas < 0) {
        fail(this, { prop: 'canaryReplicas', found: `${props.canaryReplicas}`, needed: 'must be a whole number of at least 1', fix: 'set canaryReplicas to 1 or more' });
      }
    }

    if (routing === CanaryRouting.ARGO_ROLLOUTS) {
      if (!props.argo) {
        fail(this, { prop: 'argo', found: 'unset', needed: 'must be set with CanaryRouting.ARGO_ROLLOUTS', fix: 'give argo: { steps: [CanaryStep.trafficWeight(20), CanaryStep.pause(...)] }' });
      }
      const argo = props.argo;
      const steps = this.renderSteps(argo.steps);
      const startingStep = argo.analysisStartingStep ?? 0;
      if (!Number.isInteger(startingStep) || startingStep < 0 || startingStep >= argo.steps.length) {
        fail(this, { prop: 'argo.analysisStartingStep', found: `${startingStep}`, needed: `must be a step index from 0 to ${argo.steps.length - 1}`, fix: 'start the analysis at an existing step' });
      }
      renderService(this, 'StableService', { ...base, name: `${name}-stable`, selector });
      renderService(this, 'CanaryService', { ...base, name: `${name}-canary`, selector });
      const trafficRouting = argo.trafficRouting ?? ArgoTrafficRouting.NONE;
      const analysis = renderAnalysisRef(argo.analysis, `${name}-canary`);
      const rollout = new ArgoRollout(this, 'Rollout', {
        ...props,
        blueprint: this.blueprint,
        name,
        replicas: total,
        image: release.canaryImage ?? release.stableImage,
        changeCause: `release ${release.canaryVersion ?? this.blueprint.releaseVersion}`,
        strategy: {
          canary: {
            stableService: `${name}-stable`,
            canaryService: `${name}-canary`,
            maxSurge: rolloutBound(props.maxSurge, 1),
            maxUnavailable: rolloutBound(props.maxUnavailable, 0),
            steps,
            analysis: analysis ? { ...analysis, startingStep } : undefined,
            trafficRouting: trafficRouting === ArgoTrafficRouting.NGINX ? { nginx: { stableIngress: name } }
              : trafficRouting === ArgoTrafficRouting.TRAEFIK ? { traefik: { weightedTraefikServiceName: name } } : undefined,
          },
        },
      });
      this.rollout = rollout.rollout;
      if (props.autoscaling) new AutoscaledWorkload(rollout, 'Scaling', { ...props.autoscaling, target: rollout });
      return;
    }

    const track = (trackName: string, replicas: number, image: string, changeCause?: string) => new ScalableDeployment(this, trackName === 'stable' ? 'Stable' : 'Canary', {
      ...props,
      blueprint: this.blueprint,
      name: trackName === 'stable' ? name : `${name}-canary`,
      replicas,
      image,
      extraLabels: { [trackKey]: trackName },
      changeCause,
    });
    this.stable = track('stable', this.stableReplicas, release.stableImage);
    this.canary = track('canary', this.canaryReplicas, release.canaryImage ?? release.stableImage, release.canaryVersion ? `release ${release.canaryVersion}` : undefined);
    if (props.autoscaling) new AutoscaledWorkload(this.stable, 'Scaling', { ...props.autoscaling, target: this.stable });

    if (routing === CanaryRouting.REPLICA_RATIO) {
      // One Service over both tracks: each pod takes an equal share (seed 003's 9:1).
      renderService(this, 'Service', { ...base, name, selector });
      return;
    }
    renderService(this, 'StableService', { ...base, name: `${name}-stable`, selector: { ...selector, [trackKey]: 'stable' } });
    renderService(this, 'CanaryService', { ...base, name: `${name}-canary`, selector: { ...selector, [trackKey]: 'canary' } });
    const weights: WeightedBackend[] = [
      { service: `${name}-stable`, port, weight: 100 - release.weight },
      { service: `${name}-canary`, port, weight: release.weight },
    ];
    const meta = { name, labels };
    if (routing === CanaryRouting.TRAEFIK) {
      this.router = renderTraefikWeighted(this, 'TraefikService', meta, weights);
    } else if (routing === CanaryRouting.GATEWAY_API) {
      if (!props.gateway) {
        fail(this, { prop: 'gateway', found: 'unset', needed: 'must name the Gateway with CanaryRouting.GATEWAY_API', fix: 'give gateway: { gatewayName: ... }' });
      }
      this.router = renderHttpRoute(this, 'HttpRoute', meta, props.gateway, [{
        backendRefs: reduceWeights(weights).map((w) => ({ kind: 'Service', name: w.service, port: w.port, weight: w.weight })),
      }]);
    } else {
      if (!props.ingress) {
        fail(this, { prop: 'ingress', found: 'unset', needed: 'must give the host with CanaryRouting.NGINX', fix: 'give ingress: { host: ... }' });
      }
      const ingress = { labels, className: props.ingress.className ?? 'nginx', host: props.ingress.host, port };
      renderIngress(this, 'Ingress', { ...ingress, name, service: `${name}-stable` });
      if (release.hasCanary) {
        this.router = renderIngress(this, 'CanaryIngress', {
          ...ingress,
          name: `${name}-canary`,
          service: `${name}-canary`,
          annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': `${release.weight}` },
        });
      }
    }
  }

  private renderSteps(steps: CanaryStep[]): Array<{ setWeight?: number; pause?: { duration?: string } }> {
    let last = 0;
    if (steps.length === 0) {
      fail(this, { prop: 'argo.steps', found: 'an empty list', needed: 'must hold at least one step', fix: 'add CanaryStep.trafficWeight(20), CanaryStep.pause(Duration.minutes(10)), ...' });
    }
    return steps.map((step, index) => {
      if (step.isPause) {
        if (step.duration === undefined) return { pause: {} };
        const millis = step.duration.toMilliseconds();
        if (millis <= 0 || millis % 1000 !== 0) {
          fail(this, { prop: `argo.steps[${index}]`, found: `pause ${millis}ms`, needed: 'must pause a whole number of seconds above 0', fix: 'use Duration.seconds(...) or Duration.minutes(...), or no duration to wait for a promotion' });
        }
        return { pause: { duration: `${millis / 1000}s` } };
      }
      const weight = step.weight!;
      if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
        fail(this, { prop: `argo.steps[${index}]`, found: `setWeight ${weight}`, needed: 'must be a whole percentage from 0 to 100', fix: 'use weights such as 20, 40, 60, 80' });
      }
      if (weight <= last) {
        fail(this, { prop: `argo.steps[${index}]`, found: `setWeight ${weight} after ${last}`, needed: 'must be strictly greater than the previous weight', fix: 'order the weights from low to high' });
      }
      last = weight;
      return { setWeight: weight };
    });
  }
}

function rolloutBound(value: PercentOrAbsolute | undefined, fallback: number): number | string {
  const raw: unknown = (value ?? PercentOrAbsolute.absolute(fallback)).value;
  return typeof raw === 'number' ? raw : String(raw);
}
