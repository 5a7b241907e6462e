import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { IRollout } from '../../crd/models';
import { typedObject } from '../../crd/typed-object';
import { BlueprintWorkload } from '../../workload/blueprint-workload';
import { PodBlueprint } from '../../workload/pod-blueprint';
import { RolloutSettings } from '../../workload/scalable-deployment';

/** A Rollout's strategy, typed by the Argo Rollouts model package (inside this file only). */
type RolloutStrategy = NonNullable<IRollout['spec']>['strategy'];

/** What an ArgoRollout renders. */
export interface ArgoRolloutProps extends RolloutSettings {
  readonly blueprint: PodBlueprint;
  readonly name: string;
  readonly replicas: number;
  readonly image: string;
  readonly changeCause: string;
  /** `spec.strategy` (checked against the Argo Rollouts CRD schema by the tests). */
  readonly strategy: object;
  /** AnalysisRuns kept of each outcome (`spec.analysis`); Argo's default (5) when unset. */
  readonly analysisRunHistoryLimit?: number;
}

/**
 * An Argo Rollout (argoproj.io/v1alpha1) rendered from a pod blueprint, with its disruption
 * budget, scalable by an AutoscaledWorkload (`scaleTargetRef.kind: Rollout`). The blue/green
 * and canary strategies both render through it.
 */
export class ArgoRollout extends BlueprintWorkload {
  /** The Rollout. */
  public readonly rollout: ApiObject;

  constructor(scope: Construct, id: string, props: ArgoRolloutProps) {
    super(scope, id, { ...props, apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' });
    const blueprint = props.blueprint;
    const podLabels = blueprint.labelsForImage(props.image);

    this.rollout = typedObject<IRollout>(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: {
        name: props.name,
        labels: podLabels,
        annotations: { 'kubernetes.io/change-cause': props.changeCause },
      },
      spec: Lazy.any({
        produce: () => ({
          replicas: this.renderedReplicas(props.replicas),
          selector: { matchLabels: this.selector },
          minReadySeconds: this.minReadySeconds,
          progressDeadlineSeconds: this.progressDeadlineSeconds,
          revisionHistoryLimit: this.revisionHistoryLimit,
          // The blueprint speaks the typed Kubernetes 1.27 structs; a custom resource takes JSON.
          template: k8s.toJson_PodTemplateSpec(blueprint.renderTemplate({ labels: podLabels, spreadSelector: this.selector, image: props.image })),
          strategy: props.strategy as RolloutStrategy,
          analysis: props.analysisRunHistoryLimit === undefined ? undefined
            : { successfulRunHistoryLimit: props.analysisRunHistoryLimit, unsuccessfulRunHistoryLimit: props.analysisRunHistoryLimit },
        }),
      }),
    });
    this.ensureDisruptionBudget(props.replicas);
  }
}
