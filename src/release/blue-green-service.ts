import { createHash } from 'crypto';
import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AnalysisTemplate, renderAnalysisRef } from './argo/analysis-template';
import { APP_LABELS, ARGO_HASH_LABEL } from '../core/well-known-keys';
import { ArgoRollout } from './argo/argo-rollout';
import { Colour, ReleasePhase, ReleaseState } from './release-state';
import { ZeroDowntimeRule } from '../core/rule-id';
import { fail } from '../core/violation';
import { IObservableWorkload } from '../observability/observable-workload';
import { AutoscaledWorkload, AutoscalingOptions } from '../scaling/autoscaled-workload';
import { IScalableWorkload } from '../scaling/scalable-workload';
import { checkPinnedImage, renderJobPod } from '../workload/job-pod';
import { PodBlueprint } from '../workload/pod-blueprint';
import { WorkloadPodProps } from '../workload/pod-props';
import { RolloutSettings, ScalableDeployment } from '../workload/scalable-deployment';
import { renderService } from '../workload/service';

/**
 * What carries out a release.
 */
export enum ReleaseEngine {
  /** Plain Deployments and Services; needs no controller. */
  NATIVE = 'native',
  /** One Argo Rollout; needs the Argo Rollouts controller. */
  ARGO_ROLLOUTS = 'argo-rollouts',
}

/**
 * A smoke test against the preview Service (seed 001): a Job that checks paths over HTTP.
 */
export interface SmokeTestOptions {
  /** An image with `sh` and `curl`, pinned by tag or digest. */
  readonly image: string;
  /**
   * Paths that must answer 2xx.
   * @default ['/health', '/metrics']
   */
  readonly paths?: string[];
  /**
   * How long the whole test may run.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
}

/**
 * Argo Rollouts blue/green options (seed 004).
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
   * Weight of the preferred anti-affinity between the old and new ReplicaSets.
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
}

/**
 * Props of a BlueGreenService.
 */
export interface BlueGreenServiceProps extends WorkloadPodProps, RolloutSettings {
  /** The release state (images, active colour, phase), usually `ReleaseState.fromFile()`. */
  readonly release: ReleaseState;
  /**
   * The engine.
   * @default ReleaseEngine.NATIVE
   */
  readonly engine?: ReleaseEngine;
  /**
   * Pods of each running colour while no autoscaler manages them.
   * @default - the profile's replicas
   */
  readonly replicas?: number;
  /**
   * The port the active and preview Services listen on.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * Domain of the active-colour annotation (`<domain>/active-color`, seed 000:
   * `gateway.meetinity.io`) and of the default colour label.
   * @default 'zero-downtime.cdk8s.io'
   */
  readonly annotationDomain?: string;
  /**
   * The pod label holding the colour (seed 003: `version`).
   * @default '<annotationDomain>/color'
   */
  readonly colourLabelKey?: string;
  /**
   * Autoscaling of each running colour; a colour at 0 replicas has none.
   * @default - fixed replicas
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * A smoke-test Job against the preview Service while a release is staged.
   * @default - none
   */
  readonly smokeTest?: SmokeTestOptions;
  /**
   * Argo Rollouts options, with ReleaseEngine.ARGO_ROLLOUTS.
   * @default - manual promotion, 30 s scale-down delay, no analysis
   */
  readonly argo?: ArgoBlueGreenOptions;
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
export class BlueGreenService extends Construct implements IObservableWorkload {
  /** The pod blueprint both colours render. */
  public readonly blueprint: PodBlueprint;
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
  /** The autoscalers of the running colours (or of the Rollout). */
  public readonly autoscalers: AutoscaledWorkload[] = [];
  /** The release state rendered. */
  public readonly release: ReleaseState;
  /** The label telling the colours apart (the colour label, or Argo's `rollouts-pod-template-hash`). */
  public readonly releaseLabelKey: string;

  constructor(scope: Construct, id: string, props: BlueGreenServiceProps) {
    super(scope, id);
    const release = props.release;
    this.release = release;
    this.blueprint = new PodBlueprint(this, 'Pod', { ...props, image: release.imageOf(release.activeColour) });
    const replicas = props.replicas ?? this.blueprint.profile.replicas;
    if (!Number.isInteger(replicas) || replicas < 1) {
      fail(this, {
        rule: ZeroDowntimeRule.ZD006,
        prop: 'replicas',
        found: `${replicas}`,
        needed: `must be at least 1: the active Service selects the ${release.activeColour} colour (release ${release.source}, phase ${release.phase}) and must never select a colour with 0 replicas`,
        fix: 'set replicas to 1 or more',
      });
    }
    const domain = props.annotationDomain ?? 'zero-downtime.cdk8s.io';
    const colourKey = props.colourLabelKey ?? `${domain}/color`;
    const native = (props.engine ?? ReleaseEngine.NATIVE) === ReleaseEngine.NATIVE;
    this.releaseLabelKey = native ? colourKey : ARGO_HASH_LABEL;
    const name = props.name;
    const selector = this.blueprint.labels.selector;
    const labels = this.blueprint.labels.withoutVersion;
    const newest = release.newestColour;

    if (native) {
      const colours: { [colour: string]: ScalableDeployment } = {};
      for (const colour of [Colour.BLUE, Colour.GREEN]) {
        const running = release.isRunning(colour);
        const workload = new ScalableDeployment(this, colour === Colour.BLUE ? 'Blue' : 'Green', {
          ...props,
          blueprint: this.blueprint,
          name: `${name}-${colour}`,
          replicas: running ? replicas : 0,
          image: release.imageOf(colour),
          extraLabels: { [colourKey]: colour },
          changeCause: colour === newest ? `release ${release.effectiveVersion}` : undefined,
        });
        colours[colour] = workload;
        if (running) this.autoscale(workload, props, colour === release.idleColour && release.phase === ReleasePhase.STAGED);
      }
      this.blue = colours[Colour.BLUE];
      this.green = colours[Colour.GREEN];
      const service = { labels, portName: this.blueprint.portName, port: props.servicePort ?? 80 };
      this.activeService = renderService(this, 'Service', {
        ...service,
        name,
        selector: { ...selector, [colourKey]: release.activeColour },
        annotations: { [`${domain}/active-color`]: release.activeColour },
      });
      this.previewService = renderService(this, 'PreviewService', { ...service, name: `${name}-preview`, selector: { ...selector, [colourKey]: release.idleColour } });
    } else {
      const argo = props.argo ?? {};
      const service = { labels, portName: this.blueprint.portName, port: props.servicePort ?? 80, selector };
      this.activeService = renderService(this, 'Service', { ...service, name });
      this.previewService = renderService(this, 'PreviewService', { ...service, name: `${name}-preview` });
      const workload = new ArgoRollout(this, 'Rollout', {
        ...props,
        blueprint: this.blueprint,
        name,
        replicas,
        image: release.imageOf(newest),
        changeCause: `release ${release.effectiveVersion}`,
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
      this.autoscale(workload, props, false);
    }

    if (props.smokeTest && release.phase === ReleasePhase.STAGED) {
      this.smokeTestJob = this.renderSmokeTest(props.smokeTest, `${name}-preview`, props.servicePort ?? 80, release.imageOf(release.idleColour), labels);
    }
  }

  private autoscale(target: IScalableWorkload, props: BlueGreenServiceProps, staged: boolean): void {
    if (!props.autoscaling) return;
    // The staged colour takes the whole live load at the switch: it waits at the warm minimum.
    const warm = staged ? props.release.warmReplicas : undefined;
    const scaling = new AutoscaledWorkload(target, 'Scaling', { ...props.autoscaling, target, minReplicas: warm ?? props.autoscaling.minReplicas });
    this.autoscalers.push(scaling);
  }

  private renderSmokeTest(options: SmokeTestOptions, host: string, port: number, stagedImage: string, labels: { [key: string]: string }): ApiObject {
    checkPinnedImage(this, 'smokeTest.image', options.image, 'curlimages/curl:8.11.1');
    const paths = options.paths ?? ['/health', '/metrics'];
    for (const path of paths) {
      if (!/^\/[A-Za-z0-9._~\/-]*$/.test(path)) {
        fail(this, { prop: 'smokeTest.paths', found: path, needed: 'must be a URL path of letters, digits and ._~-/ starting with /', fix: 'write the path without query or shell characters' });
      }
    }
    const script = `set -e; for p in ${paths.join(' ')}; do curl -fsS --max-time 5 -o /dev/null "http://${host}:${port}$p"; echo "ok $p"; done`;
    // Named after the staged image, so each release's test runs once. No ttlSecondsAfterFinished:
    // a Job deleted by TTL would be re-created, and run again, by the next `kubectl apply`.
    const digest = createHash('sha256').update(stagedImage).digest('hex').slice(0, 10);
    return new k8s.KubeJob(this, 'SmokeTest', {
      metadata: { name: `${host}-smoke-${digest}`, labels: { ...labels, [APP_LABELS.component]: 'smoke-test' } },
      spec: {
        backoffLimit: 2,
        activeDeadlineSeconds: (options.timeout ?? Duration.minutes(5)).toSeconds(),
        template: renderJobPod({
          containerName: 'smoke-test',
          image: options.image,
          command: ['sh', '-c', script],
          labels: { [APP_LABELS.name]: `${host}-smoke`, [APP_LABELS.managedBy]: labels[APP_LABELS.managedBy] },
          requests: { 'cpu': '50m', 'memory': '32Mi', 'ephemeral-storage': '16Mi' },
          limits: { 'cpu': '200m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' },
        }),
      },
    });
  }
}
