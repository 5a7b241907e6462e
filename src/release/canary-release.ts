import { ApiObject } from 'cdk8s';
import { PercentOrAbsolute } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { renderAnalysisRef } from './argo/analysis-template';
import { ArgoRollout } from './argo/argo-rollout';
import { CanaryState } from './canary-state';
import { ArgoTrafficRouting, CanaryRouting, CanaryStep, CanaryTraffic } from './canary-traffic';
import { ReleaseWorkload, ReleaseWorkloadProps } from './release-workload';
import { checkValue } from '../core/checks';
import { hostnameProblem, qualifiedNameProblem } from '../core/k8s-names';
import { wholeNumberProblem } from '../core/k8s-numbers';
import { fail } from '../core/violation';
import { ARGO_HASH_LABEL } from '../core/well-known-keys';
import { checkGatewayReference } from '../traffic/gateway-reference';
import { renderIngress } from '../traffic/ingress-object';
import { reduceWeights, renderHttpRoute, renderTraefikWeighted, WeightedBackend } from '../traffic/routes';
import { rolloutSettingsOf } from '../workload/prop-picks';
import { ScalableDeployment } from '../workload/scalable-deployment';

/**
 * Props of a CanaryRelease.
 */
export interface CanaryReleaseProps extends ReleaseWorkloadProps {
  /** The canary release state, usually `CanaryState.fromFile()`. */
  readonly release: CanaryState;
  /**
   * How traffic reaches the canary.
   * @default CanaryTraffic.replicaRatio()
   */
  readonly traffic?: CanaryTraffic;
  /**
   * The pod label holding the track.
   * @default 'track'
   */
  readonly trackLabelKey?: string;
}

/**
 * A canary release: stable and canary tracks from one pod blueprint, with a `track` label,
 * routed by replica ratio, Traefik or Gateway API weights, ingress-nginx canary annotations, or
 * an Argo Rollouts canary. The stable track keeps `replicas` pods and a canary's pods come on
 * top; each track keeps its own disruption budget; the stable track can autoscale (weighted
 * and Argo modes). Every mode renders `<name>-stable` and `<name>-canary` Services (the
 * replica-ratio mode also `<name>`, over both tracks). Promotion and rollback are changes of
 * the release file (`cdk8s-zd canary`, `promote`, `rollback`).
 */
export class CanaryRelease extends ReleaseWorkload {
  /** The stable track (all modes but Argo). */
  public readonly stable?: ScalableDeployment;
  /** The canary track (all modes but Argo). */
  public readonly canary?: ScalableDeployment;
  /** The Rollout (Argo mode). */
  public readonly rollout?: ApiObject;
  /** The Service `<name>-stable`: the stable pods (the Argo controller keeps it on the stable ReplicaSet). */
  public readonly stableService: ApiObject;
  /** The Service `<name>-canary`: the canary pods. */
  public readonly canaryService: ApiObject;
  /** The Service `<name>` over both tracks (replica-ratio mode). */
  public readonly service?: ApiObject;
  /** The object that splits traffic: TraefikService, HTTPRoute or canary Ingress, when one exists. */
  public readonly router?: ApiObject;
  /** Pods of the canary track (0 while no canary runs). */
  public readonly canaryReplicas: number;
  /** The release state rendered. */
  public readonly release: CanaryState;

  constructor(scope: Construct, id: string, props: CanaryReleaseProps) {
    const traffic = props.traffic ?? CanaryTraffic.replicaRatio();
    const routing = traffic.routing;
    const trackKey = props.trackLabelKey ?? 'track';
    const release = props.release;
    super(scope, id, props, release.stableImage, routing === CanaryRouting.ARGO_ROLLOUTS ? ARGO_HASH_LABEL : trackKey);
    this.release = release;
    checkValue(this, 'trackLabelKey', trackKey, qualifiedNameProblem(trackKey), 'use a label key such as track');
    const name = props.name;
    const port = this.servicePort;
    const selector = this.blueprint.labels.selector;
    const labels = this.blueprint.labels.withoutVersion;
    const rollout = rolloutSettingsOf(props);

    if (routing === CanaryRouting.REPLICA_RATIO) {
      if (this._autoscaled) {
        fail(this, { prop: 'autoscaling', found: 'set with CanaryTraffic.replicaRatio()', needed: 'must be unset: an autoscaler changes the replica counts that set the canary\'s share', fix: 'route by weight (CanaryTraffic.traefik(), .gatewayApi(), .nginx(), .argoRollouts()) to autoscale' });
      }
      if (release.weight >= 100) {
        fail(this, {
          prop: 'release.weight',
          found: `${release.weight}% (from ${release.source})`,
          needed: 'must stay below 100 with replica-ratio routing: the stable pods keep serving their share',
          fix: 'promote the canary (cdk8s-zd promote) instead of moving it to 100%',
        });
      }
      this.canaryReplicas = release.hasCanary ? Math.max(1, Math.round((this.replicas * release.weight) / (100 - release.weight))) : 0;
      if (release.hasCanary) this.checkExpressibleShare(release);
    } else if (routing === CanaryRouting.ARGO_ROLLOUTS) {
      if (release.weight !== 0) {
        fail(this, {
          prop: 'release.weight',
          found: `${release.weight}% (from ${release.source})`,
          needed: 'must be 0 with Argo Rollouts: the Rollout\'s steps set the canary\'s weight, and a weight in the file would be a number nothing reads',
          fix: `set "weight": 0 in ${release.source} (cdk8s-zd canary --weight 0 --file ${release.source}); once the manifests are rendered, cdk8s-zd canary records an Argo canary at 0 %`,
        });
      }
      this.canaryReplicas = 0;
    } else {
      // A weighted route sends the canary its share of live traffic: where the profile keeps
      // budgets (production), two pods, so one eviction or node failure does not drop it (ZD016).
      const canaryReplicas = traffic.canaryReplicas ?? (this.blueprint.profile.disruptionBudget ? 2 : 1);
      if (!Number.isInteger(canaryReplicas) || canaryReplicas < 1) {
        fail(this, { prop: 'traffic.canaryReplicas', found: `${canaryReplicas}`, needed: 'must be a whole number of at least 1', fix: 'set canaryReplicas to 1 or more' });
      }
      this.canaryReplicas = release.hasCanary ? canaryReplicas : 0;
    }

    if (routing === CanaryRouting.ARGO_ROLLOUTS) {
      const argo = traffic.argo!;
      const steps = this.renderSteps(argo.steps);
      if (argo.analysisRunHistoryLimit !== undefined) {
        checkValue(this, 'traffic.argo.analysisRunHistoryLimit', argo.analysisRunHistoryLimit, wholeNumberProblem(argo.analysisRunHistoryLimit, 0), 'keep a few runs for review, such as 3');
      }
      const startingStep = argo.analysisStartingStep ?? 0;
      if (!Number.isInteger(startingStep) || startingStep < 0 || startingStep >= argo.steps.length) {
        fail(this, { prop: 'traffic.argo.analysisStartingStep', found: `${startingStep}`, needed: `must be a step index from 0 to ${argo.steps.length - 1}`, fix: 'start the analysis at an existing step' });
      }
      this.stableService = this._addService('StableService', { name: `${name}-stable`, selector });
      this.canaryService = this._addService('CanaryService', { name: `${name}-canary`, selector });
      const trafficRouting = argo.trafficRouting ?? ArgoTrafficRouting.NONE;
      const analysis = renderAnalysisRef(argo.analysis, `${name}-canary`);
      const workload = new ArgoRollout(this, 'Rollout', {
        ...rollout,
        blueprint: this.blueprint,
        name,
        replicas: this.replicas,
        image: release.canaryImage ?? release.stableImage,
        changeCause: `release ${release.canaryVersion ?? this.blueprint.releaseVersion}`,
        analysisRunHistoryLimit: argo.analysisRunHistoryLimit,
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
      this.rollout = workload.rollout;
      this._addWorkload(workload, workload.rollout);
      this._autoscale(workload);
      this._addHeadlessService(props, selector);
      return;
    }

    const track = (trackName: string, replicas: number, image: string, changeCause?: string) => {
      const workload = new ScalableDeployment(this, trackName === 'stable' ? 'Stable' : 'Canary', {
        ...rollout,
        blueprint: this.blueprint,
        name: trackName === 'stable' ? name : `${name}-canary`,
        replicas,
        image,
        extraLabels: { [trackKey]: trackName },
        changeCause,
      });
      this._addWorkload(workload, workload.deployment);
      return workload;
    };
    this.stable = track('stable', this.replicas, release.stableImage);
    this.canary = track('canary', this.canaryReplicas, release.canaryImage ?? release.stableImage, release.canaryVersion ? `release ${release.canaryVersion}` : undefined);
    this._autoscale(this.stable);

    if (routing === CanaryRouting.REPLICA_RATIO) {
      // One Service over both tracks: each pod takes an equal share.
      this.service = this._addService('Service', { name, selector });
    }
    this.stableService = this._addService('StableService', { name: `${name}-stable`, selector: { ...selector, [trackKey]: 'stable' } });
    this.canaryService = this._addService('CanaryService', { name: `${name}-canary`, selector: { ...selector, [trackKey]: 'canary' } });
    this._addHeadlessService(props, selector);
    if (routing === CanaryRouting.REPLICA_RATIO) return;
    const weights: WeightedBackend[] = [
      { service: `${name}-stable`, port, weight: 100 - release.weight },
      { service: `${name}-canary`, port, weight: release.weight },
    ];
    const meta = { name, labels };
    if (routing === CanaryRouting.TRAEFIK) {
      this.router = renderTraefikWeighted(this, 'TraefikService', meta, weights);
    } else if (routing === CanaryRouting.GATEWAY_API) {
      checkGatewayReference(this, 'traffic.gateway', traffic.gateway!);
      this.router = renderHttpRoute(this, 'HttpRoute', meta, traffic.gateway!, [{
        backendRefs: reduceWeights(weights).map((w) => ({ kind: 'Service', name: w.service, port: w.port, weight: w.weight })),
      }]);
    } else {
      const ingressOptions = traffic.ingress!;
      checkValue(this, 'traffic.ingress.host', ingressOptions.host, hostnameProblem(ingressOptions.host), 'use the public host name, such as chat.example.com');
      const ingress = { labels, className: ingressOptions.className ?? 'nginx', host: ingressOptions.host, port };
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

  /**
   * A replica ratio can only give the shares c / (replicas + c): a weight more than one
   * percentage point from the nearest of them is refused, naming that share, not rounded.
   */
  private checkExpressibleShare(release: CanaryState): void {
    const share = (100 * this.canaryReplicas) / (this.replicas + this.canaryReplicas);
    if (Math.abs(share - release.weight) <= 1) return;
    const stableFor = Math.max(1, Math.round((100 - release.weight) / release.weight));
    fail(this, {
      prop: 'release.weight',
      found: `${release.weight}% (from ${release.source}) with ${this.replicas} stable pods`,
      needed: `must be a share the pods can give: the nearest is ${formatShare(share)} (${this.canaryReplicas} canary beside ${this.replicas} stable)`,
      fix: `set the weight to ${Math.round(share)}, run ${stableFor} stable pods for 1 canary at ${release.weight}%, or route by weight (CanaryTraffic.traefik(), .gatewayApi(), .nginx())`,
    });
  }

  private renderSteps(steps: CanaryStep[]): Array<{ setWeight?: number; pause?: { duration?: string } }> {
    let last = 0;
    if (steps.length === 0) {
      fail(this, { prop: 'traffic.argo.steps', found: 'an empty list', needed: 'must hold at least one step', fix: 'add CanaryStep.trafficWeight(20), CanaryStep.pause(Duration.minutes(10)), ...' });
    }
    return steps.map((step, index) => {
      if (step.isPause) {
        if (step.duration === undefined) return { pause: {} };
        const millis = step.duration.toMilliseconds();
        if (millis <= 0 || millis % 1000 !== 0) {
          fail(this, { prop: `traffic.argo.steps[${index}]`, found: `pause ${millis}ms`, needed: 'must pause a whole number of seconds above 0', fix: 'use Duration.seconds(...) or Duration.minutes(...), or no duration to wait for a promotion' });
        }
        return { pause: { duration: `${millis / 1000}s` } };
      }
      const weight = step.weight!;
      if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
        fail(this, { prop: `traffic.argo.steps[${index}]`, found: `setWeight ${weight}`, needed: 'must be a whole percentage from 0 to 100', fix: 'use weights such as 20, 40, 60, 80' });
      }
      if (weight <= last) {
        fail(this, { prop: `traffic.argo.steps[${index}]`, found: `setWeight ${weight} after ${last}`, needed: 'must be strictly greater than the previous weight', fix: 'order the weights from low to high' });
      }
      last = weight;
      return { setWeight: weight };
    });
  }
}

function formatShare(percent: number): string {
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

function rolloutBound(value: PercentOrAbsolute | undefined, fallback: number): number | string {
  const raw: unknown = (value ?? PercentOrAbsolute.absolute(fallback)).value;
  return typeof raw === 'number' ? raw : String(raw);
}
