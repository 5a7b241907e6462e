import { ApiObject, Chart, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KedaTrigger } from './keda-trigger';
import { IScalableWorkload } from './scalable-workload';
import { ScalingPolicySelect, ScalingRules } from './scaling-behavior';
import { ScalingMetric } from './scaling-metric';
import { VerticalScalingOptions, VpaResourceBounds, VpaUpdateMode } from './vertical-scaling';
import { PROMETHEUS_METRIC_NAME } from '../core/names';
import { canonicalQuantity } from '../core/quantity';
import { ZeroDowntimeRule } from '../core/rule-id';
import { fail } from '../core/violation';
import type { IScaledObject, IVerticalPodAutoscaler } from '../crd/models';
import { typedObject } from '../crd/typed-object';
import { RolloutChecks } from '../policy/rollout-checks';
import { checkUtilizationRequests } from '../policy/rules/zd005-autoscaled-workload';
import { checkVpaHpaConflict } from '../policy/rules/zd009-vpa-hpa-conflict';

/**
 * Event-driven scaling with KEDA: a ScaledObject (keda.sh/v1alpha1) instead of an HPA. KEDA
 * creates and feeds the HPA itself, so no external metrics adapter is needed.
 */
export interface EventDrivenScalingOptions {
  /** The triggers (seed 002: Kafka consumer lag). */
  readonly triggers: KedaTrigger[];
  /**
   * How often KEDA checks the triggers.
   * @default Duration.seconds(30)
   */
  readonly pollingInterval?: Duration;
  /**
   * How long after the last trigger activity KEDA waits before scaling in.
   * @default Duration.seconds(300)
   */
  readonly cooldownPeriod?: Duration;
}

/**
 * How a workload scales, without the workload (release strategies pass this on to each
 * running colour or track).
 */
export interface AutoscalingOptions {
  /**
   * Name of the HPA, VPA or ScaledObject.
   * @default - the target's name
   */
  readonly name?: string;
  /**
   * Lowest replica count; at least 2 where the profile wants disruption budgets (ZD004).
   * @default - the profile's autoscaling bounds
   */
  readonly minReplicas?: number;
  /**
   * Highest replica count.
   * @default - the profile's autoscaling bounds
   */
  readonly maxReplicas?: number;
  /**
   * HPA metrics.
   * @default [ScalingMetric.cpuUtilization(70)] unless eventDriven is set
   */
  readonly metrics?: ScalingMetric[];
  /**
   * Scale-up behaviour.
   * @default - Kubernetes' defaults
   */
  readonly scaleUp?: ScalingRules;
  /**
   * Scale-down behaviour.
   * @default - Kubernetes' defaults
   */
  readonly scaleDown?: ScalingRules;
  /**
   * A VerticalPodAutoscaler beside the HPA.
   * @default - none
   */
  readonly verticalScaling?: VerticalScalingOptions;
  /**
   * Scale with a KEDA ScaledObject instead of an HPA.
   * @default - an HPA
   */
  readonly eventDriven?: EventDrivenScalingOptions;
}

/**
 * Props of AutoscaledWorkload.
 */
export interface AutoscaledWorkloadProps extends AutoscalingOptions {
  /** The workload to scale. */
  readonly target: IScalableWorkload;
}

const QUANTITY = /^[+]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/**
 * Autoscaling that agrees with the rest of the workload: an HPA v2 (or a KEDA ScaledObject),
 * an optional VPA, and the workload's PodDisruptionBudget, checked together.
 *
 * - the workload stops rendering `spec.replicas` (ZD005), so `kubectl apply` never resets the
 *   live count;
 * - utilisation targets need resource requests on every container (ZD005);
 * - minReplicas is at least 2 where the profile wants budgets, and the budget still allows an
 *   eviction at minReplicas (ZD004);
 * - a VPA in Auto or Recreate mode never controls a resource the HPA scales on (ZD009).
 *
 * In a profile without autoscaling bounds (development) and without explicit bounds, nothing
 * is rendered and the workload keeps its fixed replica count.
 */
export class AutoscaledWorkload extends Construct {
  /** The HPA, when rendered. */
  public readonly horizontalPodAutoscaler?: ApiObject;
  /** The KEDA ScaledObject, with eventDriven. */
  public readonly scaledObject?: ApiObject;
  /** The VPA, with verticalScaling. */
  public readonly verticalPodAutoscaler?: ApiObject;
  /** Lowest replica count, when autoscaling. */
  public readonly minReplicas?: number;
  /** Highest replica count, when autoscaling. */
  public readonly maxReplicas?: number;

  constructor(scope: Construct, id: string, props: AutoscaledWorkloadProps) {
    super(scope, id);
    const target = props.target;
    RolloutChecks.of(this, { environment: target.profile.name });
    const name = props.name ?? target.scaleTarget.name;
    const bounds = target.profile.autoscaling;
    const enabled = props.minReplicas !== undefined || props.maxReplicas !== undefined || bounds !== undefined;
    const metrics = props.metrics ?? (props.eventDriven ? [] : [ScalingMetric.cpuUtilization(70)]);
    if (props.eventDriven && props.metrics && props.metrics.length > 0) {
      fail(this, { prop: 'metrics', found: `${props.metrics.length} HPA metrics with eventDriven`, needed: 'must be empty when KEDA scales the workload (KEDA owns the HPA)', fix: 'express the metrics as KEDA triggers, or drop eventDriven' });
    }
    const hpaResources = metrics.map((m) => m.resource).filter((r): r is NonNullable<typeof r> => r !== undefined);

    if (props.verticalScaling) {
      this.verticalPodAutoscaler = this.renderVpa(props.verticalScaling, target, name, enabled ? hpaResources : []);
    }
    if (!enabled) return;

    const minReplicas = props.minReplicas ?? bounds?.minReplicas ?? 1;
    const maxReplicas = props.maxReplicas ?? bounds?.maxReplicas ?? minReplicas;
    this.checkBounds(minReplicas, maxReplicas, target);
    this.minReplicas = minReplicas;
    this.maxReplicas = maxReplicas;
    for (const metric of metrics) this.checkMetric(metric, target);
    const behavior = this.renderBehavior(props.scaleUp, props.scaleDown);
    const metadata = { name, namespace: Chart.of(target).namespace, labels: target.labels };

    if (props.eventDriven) {
      this.scaledObject = this.renderScaledObject(props.eventDriven, target, metadata, minReplicas, maxReplicas, behavior);
    } else {
      if (metrics.length === 0) {
        fail(this, { prop: 'metrics', found: 'none', needed: 'must hold at least one metric', fix: 'add ScalingMetric.cpuUtilization(70) or another metric' });
      }
      this.horizontalPodAutoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
        metadata,
        spec: {
          scaleTargetRef: target.scaleTarget,
          minReplicas,
          maxReplicas,
          metrics: metrics.map((m) => m.toMetricSpec()),
          behavior,
        },
      });
    }
    target.scaleExternally(minReplicas);
  }

  private checkBounds(minReplicas: number, maxReplicas: number, target: IScalableWorkload): void {
    if (!Number.isInteger(minReplicas) || minReplicas < 1) {
      fail(this, { prop: 'minReplicas', found: `${minReplicas}`, needed: 'must be a whole number of at least 1 (scaling to zero drops traffic)', fix: 'set minReplicas to 2 or more' });
    }
    if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas) {
      fail(this, { prop: 'maxReplicas', found: `${maxReplicas}`, needed: `must be a whole number at least minReplicas (${minReplicas})`, fix: `set maxReplicas to ${minReplicas} or more, or lower minReplicas` });
    }
    if (target.profile.disruptionBudget && minReplicas < 2) {
      fail(this, {
        rule: ZeroDowntimeRule.ZD004,
        prop: 'minReplicas',
        found: `${minReplicas}`,
        needed: `must be at least 2 in ${target.profile.name}, so a node drain or a crash never takes the only pod`,
        fix: 'set minReplicas to 2 or more',
      });
    }
  }

  private checkMetric(metric: ScalingMetric, target: IScalableWorkload): void {
    const utilization = metric.utilization;
    if (utilization !== undefined && (!(utilization > 0) || utilization > 100 || !Number.isInteger(utilization))) {
      fail(this, { prop: 'metrics', found: `${metric.resource} utilization ${utilization}%`, needed: 'must be a whole percentage above 0 and at most 100', fix: 'use a target such as 70' });
    }
    if (metric.metricName !== undefined && !PROMETHEUS_METRIC_NAME.test(metric.metricName)) {
      fail(this, { prop: 'metrics', found: `metric name ${JSON.stringify(metric.metricName)}`, needed: 'must be a metric name of letters, digits, _ and : not starting with a digit', fix: 'use the name the metrics adapter exposes, such as api_gateway_requests_per_second' });
    }
    if (metric.quantity !== undefined && (!QUANTITY.test(metric.quantity) || Number.parseFloat(metric.quantity) <= 0)) {
      fail(this, { prop: 'metrics', found: `target ${JSON.stringify(metric.quantity)} for ${metric.metricName}`, needed: 'must be a positive Kubernetes quantity', fix: 'use a value such as "100" or "500m"' });
    }
    if (metric.container !== undefined && !target.containerNames.includes(metric.container)) {
      fail(this, { prop: 'metrics', found: `container ${metric.container}`, needed: `must be one of the target's containers (${target.containerNames.join(', ')})`, fix: 'name an existing container' });
    }
    if (utilization !== undefined && metric.resource !== undefined) {
      const violation = checkUtilizationRequests(metric.resource, target.requestedResources, target.containerNames);
      if (violation) fail(this, violation);
    }
  }

  private renderBehavior(up?: ScalingRules, down?: ScalingRules): k8s.HorizontalPodAutoscalerBehaviorV2 | undefined {
    if (!up && !down) return undefined;
    return { scaleUp: up && this.renderRules('scaleUp', up), scaleDown: down && this.renderRules('scaleDown', down) };
  }

  private renderRules(prop: string, rules: ScalingRules): k8s.HpaScalingRulesV2 {
    const window = rules.stabilizationWindow?.toSeconds();
    if (window !== undefined && (window < 0 || window > 3600)) {
      fail(this, { prop: `${prop}.stabilizationWindow`, found: `${window}s`, needed: 'must be from 0 to 3600 seconds', fix: 'use a window such as 300 seconds' });
    }
    if (rules.policies !== undefined && rules.policies.length === 0) {
      fail(this, { prop: `${prop}.policies`, found: 'an empty list', needed: 'must hold at least one policy', fix: 'add a policy or leave policies unset for the defaults' });
    }
    for (const policy of rules.policies ?? []) {
      const period = policy.period.toSeconds();
      if (!Number.isInteger(policy.value) || policy.value < 1) {
        fail(this, { prop: `${prop}.policies`, found: `${policy.unit} value ${policy.value}`, needed: 'must be a whole number of at least 1', fix: 'use ScalingPolicySelect.DISABLED to stop scaling in this direction' });
      }
      if (period < 1 || period > 1800) {
        fail(this, { prop: `${prop}.policies`, found: `period ${period}s`, needed: 'must be from 1 to 1800 seconds', fix: 'use a period such as 15 or 60 seconds' });
      }
    }
    return {
      stabilizationWindowSeconds: window,
      policies: rules.policies?.map((p) => ({ type: p.unit, value: p.value, periodSeconds: p.period.toSeconds() })),
      selectPolicy: rules.selectPolicy ?? (rules.policies ? ScalingPolicySelect.MAX : undefined),
    };
  }

  private renderScaledObject(
    options: EventDrivenScalingOptions, target: IScalableWorkload, metadata: k8s.ObjectMeta,
    minReplicas: number, maxReplicas: number, behavior?: k8s.HorizontalPodAutoscalerBehaviorV2,
  ): ApiObject {
    if (options.triggers.length === 0) {
      fail(this, { prop: 'eventDriven.triggers', found: 'an empty list', needed: 'must hold at least one trigger', fix: 'add KedaTrigger.kafkaLag(...) or another trigger' });
    }
    return typedObject<IScaledObject>(this, 'ScaledObject', {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: metadata.name, namespace: metadata.namespace, labels: metadata.labels },
      spec: {
        scaleTargetRef: target.scaleTarget,
        minReplicaCount: minReplicas,
        maxReplicaCount: maxReplicas,
        pollingInterval: (options.pollingInterval ?? Duration.seconds(30)).toSeconds(),
        cooldownPeriod: (options.cooldownPeriod ?? Duration.seconds(300)).toSeconds(),
        advanced: behavior ? { horizontalPodAutoscalerConfig: { behavior: toPlainBehavior(behavior) } } : undefined,
        triggers: options.triggers.map((t) => ({ type: t.scalerType, metadata: { ...t.metadata } })),
      },
    });
  }

  private renderVpa(options: VerticalScalingOptions, target: IScalableWorkload, name: string, hpaResources: string[]): ApiObject {
    const updateMode = options.updateMode ?? VpaUpdateMode.OFF;
    const controlledResources = options.controlledResources ?? ['cpu', 'memory'];
    const violation = checkVpaHpaConflict(updateMode, controlledResources, hpaResources);
    if (violation) fail(this, violation);
    return typedObject<IVerticalPodAutoscaler>(this, 'VerticalPodAutoscaler', {
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: { name, namespace: Chart.of(target).namespace, labels: target.labels },
      spec: {
        targetRef: target.scaleTarget,
        updatePolicy: { updateMode },
        resourcePolicy: {
          containerPolicies: target.containerNames.map((containerName) => ({
            containerName,
            minAllowed: options.minAllowed && toResourceList(options.minAllowed),
            maxAllowed: options.maxAllowed && toResourceList(options.maxAllowed),
            controlledResources,
          })),
        },
      },
    });
  }
}

function toResourceList(bounds: VpaResourceBounds): { [resource: string]: string } {
  const mebibytes = bounds.memory.toMebibytes();
  return { cpu: canonicalQuantity(bounds.cpu.amount) ?? bounds.cpu.amount, memory: canonicalQuantity(`${mebibytes}Mi`)! };
}

/** KEDA embeds the HPA behaviour as plain JSON. */
function toPlainBehavior(behavior: k8s.HorizontalPodAutoscalerBehaviorV2): IScaledObjectBehavior {
  return JSON.parse(JSON.stringify(behavior));
}

type IScaledObjectBehavior = NonNullable<NonNullable<NonNullable<IScaledObject['spec']>['advanced']>['horizontalPodAutoscalerConfig']>['behavior'];
