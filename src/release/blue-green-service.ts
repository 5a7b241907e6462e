import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { renderAnalysisRef } from './argo/analysis-template';
import { ArgoRollout } from './argo/argo-rollout';
import { BlueGreenEngine, ReleaseEngine, ArgoBlueGreenOptions } from './blue-green-engine';
import { Colour, ReleasePhase, ReleaseState } from './release-state';
import { ReleaseWorkload, ReleaseWorkloadProps } from './release-workload';
import { renderSmokeTest, SmokeTestOptions } from './smoke-test';
import { checkValue } from '../core/checks';
import { wholeSeconds } from '../core/durations';
import { dns1123SubdomainProblem, qualifiedNameProblem } from '../core/k8s-names';
import { wholeNumberProblem } from '../core/k8s-numbers';
import { ARGO_HASH_LABEL } from '../core/well-known-keys';
import { rolloutSettingsOf } from '../workload/prop-picks';
import { ScalableDeployment } from '../workload/scalable-deployment';

/**
 * Props of a BlueGreenService.
 */
export interface BlueGreenServiceProps extends ReleaseWorkloadProps {
  /** The release state (images, active colour, phase), usually `ReleaseState.fromFile()`. */
  readonly release: ReleaseState;
  /**
   * What carries out the release.
   * @default BlueGreenEngine.deployments()
   */
  readonly engine?: BlueGreenEngine;
  /**
   * Domain of the active-colour annotation (`<domain>/active-color`) and of the default
   * colour label.
   * @default 'zero-downtime.cdk8s.io'
   */
  readonly annotationDomain?: string;
  /**
   * The pod label holding the colour (native engine).
   * @default '<annotationDomain>/color'
   */
  readonly colourLabelKey?: string;
  /**
   * A smoke-test Job against the preview Service while a release is staged.
   * @default - none
   */
  readonly smokeTest?: SmokeTestOptions;
}

/**
 * A blue/green release as declarative, reviewable state.
 *
 * Native engine: two Deployments `<name>-blue` and `<name>-green` from one pod blueprint,
 * differing only in image, colour label and replicas; the active Service `<name>` selects the
 * active colour and carries `<domain>/active-color`; the preview Service `<name>-preview`
 * selects the other. The release state's phase decides what runs: stable (active only),
 * staged (both; preview reaches the new image; live traffic unchanged), promoted (selector on
 * the new colour; the previous one still runs for rollback). Each running colour gets its own
 * HPA and PDB; a colour at 0 replicas gets neither.
 *
 * Argo Rollouts engine: one Rollout with `strategy.blueGreen` behind the same two Services.
 */
export class BlueGreenService extends ReleaseWorkload {
  /** The active Service (`<name>`). */
  public readonly activeService: ApiObject;
  /** The preview Service (`<name>-preview`). */
  public readonly previewService: ApiObject;
  /** The blue Deployment (native engine). */
  public readonly blue?: ScalableDeployment;
  /** The green Deployment (native engine). */
  public readonly green?: ScalableDeployment;
  /** The Rollout (Argo Rollouts engine). */
  public readonly rollout?: ApiObject;
  /** The smoke-test Job, while staged. */
  public readonly smokeTestJob?: ApiObject;
  /** The release state rendered. */
  public readonly release: ReleaseState;

  constructor(scope: Construct, id: string, props: BlueGreenServiceProps) {
    const engine = props.engine ?? BlueGreenEngine.deployments();
    const native = engine.kind === ReleaseEngine.NATIVE;
    const domain = props.annotationDomain ?? 'zero-downtime.cdk8s.io';
    const colourKey = props.colourLabelKey ?? `${domain}/color`;
    const release = props.release;
    super(scope, id, props, release.imageOf(release.activeColour), native ? colourKey : ARGO_HASH_LABEL);
    this.release = release;
    checkValue(this, 'annotationDomain', domain, dns1123SubdomainProblem(domain), 'use a domain you own, such as shop.example.com');
    checkValue(this, 'colourLabelKey', colourKey, qualifiedNameProblem(colourKey), 'use a label key such as version or example.com/color');
    if (!native) checkArgoBlueGreen(this, engine.argo);
    const name = props.name;
    const selector = this.blueprint.labels.selector;
    const newest = release.newestColour;
    const rollout = rolloutSettingsOf(props);

    if (native) {
      const colours: { [colour: string]: ScalableDeployment } = {};
      for (const colour of [Colour.BLUE, Colour.GREEN]) {
        const running = release.isRunning(colour);
        const workload = new ScalableDeployment(this, colour === Colour.BLUE ? 'Blue' : 'Green', {
          ...rollout,
          blueprint: this.blueprint,
          name: `${name}-${colour}`,
          replicas: running ? this.replicas : 0,
          image: release.imageOf(colour),
          extraLabels: { [colourKey]: colour },
          changeCause: colour === newest ? `release ${release.effectiveVersion}` : undefined,
        });
        colours[colour] = workload;
        this._addWorkload(workload, workload.deployment);
        // The staged colour takes the whole live load at the switch: it waits at the warm minimum.
        const staged = colour === release.idleColour && release.phase === ReleasePhase.STAGED;
        if (running) this._autoscale(workload, staged ? release.warmReplicas : undefined);
      }
      this.blue = colours[Colour.BLUE];
      this.green = colours[Colour.GREEN];
      this.activeService = this._addService('Service', {
        name,
        selector: { ...selector, [colourKey]: release.activeColour },
        annotations: { [`${domain}/active-color`]: release.activeColour },
      });
      this.previewService = this._addService('PreviewService', { name: `${name}-preview`, selector: { ...selector, [colourKey]: release.idleColour } });
    } else {
      const argo = engine.argo;
      this.activeService = this._addService('Service', { name, selector });
      this.previewService = this._addService('PreviewService', { name: `${name}-preview`, selector });
      const workload = new ArgoRollout(this, 'Rollout', {
        ...rollout,
        blueprint: this.blueprint,
        name,
        replicas: this.replicas,
        image: release.imageOf(newest),
        changeCause: `release ${release.effectiveVersion}`,
        analysisRunHistoryLimit: argo.analysisRunHistoryLimit,
        strategy: {
          blueGreen: {
            activeService: name,
            previewService: `${name}-preview`,
            autoPromotionEnabled: argo.autoPromotionEnabled ?? false,
            autoPromotionSeconds: argo.autoPromotionSeconds?.toSeconds(),
            scaleDownDelaySeconds: (argo.scaleDownDelay ?? Duration.seconds(30)).toSeconds(),
            previewReplicaCount: argo.previewReplicaCount,
            abortScaleDownDelaySeconds: argo.abortScaleDownDelay?.toSeconds(),
            antiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { weight: argo.antiAffinityWeight ?? 100 } },
            prePromotionAnalysis: renderAnalysisRef(argo.prePromotionAnalysis, `${name}-preview`),
            postPromotionAnalysis: renderAnalysisRef(argo.postPromotionAnalysis, name),
          },
        },
      });
      this.rollout = workload.rollout;
      this._addWorkload(workload, workload.rollout);
      this._autoscale(workload);
    }

    this._addHeadlessService(props, selector);

    if (props.smokeTest && release.phase === ReleasePhase.STAGED) {
      this.smokeTestJob = renderSmokeTest(this, props.smokeTest, {
        host: `${name}-preview`, port: this.servicePort, releasedImage: release.imageOf(release.idleColour), labels: this.blueprint.labels.withoutVersion, baseName: this.blueprint.name,
      });
    }
  }
}

/** The numbers of an Argo blue/green strategy, as the Rollout CRD takes them. */
function checkArgoBlueGreen(scope: Construct, argo: ArgoBlueGreenOptions): void {
  if (argo.previewReplicaCount !== undefined) {
    checkValue(scope, 'engine.argo.previewReplicaCount', argo.previewReplicaCount, wholeNumberProblem(argo.previewReplicaCount, 1), 'run at least one preview pod, or leave it unset for full size');
  }
  if (argo.autoPromotionSeconds) wholeSeconds(scope, 'engine.argo.autoPromotionSeconds', argo.autoPromotionSeconds, true);
  if (argo.scaleDownDelay) wholeSeconds(scope, 'engine.argo.scaleDownDelay', argo.scaleDownDelay);
  if (argo.abortScaleDownDelay) wholeSeconds(scope, 'engine.argo.abortScaleDownDelay', argo.abortScaleDownDelay);
  if (argo.analysisRunHistoryLimit !== undefined) {
    checkValue(scope, 'engine.argo.analysisRunHistoryLimit', argo.analysisRunHistoryLimit, wholeNumberProblem(argo.analysisRunHistoryLimit, 0), 'keep a few runs for review, such as 3');
  }
  const weight = argo.antiAffinityWeight ?? 100;
  checkValue(scope, 'engine.argo.antiAffinityWeight', weight, wholeNumberProblem(weight, 1, 100), 'use a weight from 1 to 100, such as 100');
}
