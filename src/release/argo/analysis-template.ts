import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail } from '../../core/violation';
import { ARGO_HASH_LABEL } from '../../core/well-known-keys';
import type { IAnalysisTemplate } from '../../crd/models';
import { typedObject } from '../../crd/typed-object';
import { GoldenSignals } from '../../observability/golden-signals';
import { RolloutChecks } from '../../policy/rollout-checks';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../workload/restricted-security';

type AnalysisMetricSpec = NonNullable<NonNullable<IAnalysisTemplate['spec']>['metrics']>[number];

/** When and how often a metric is measured. */
export interface AnalysisTiming {
  /**
   * Time between measurements.
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;
  /**
   * Number of measurements.
   * @default 5
   */
  readonly count?: number;
  /**
   * Failed measurements tolerated before the analysis fails.
   * @default 1
   */
  readonly failureLimit?: number;
}

/** A Prometheus query measurement. */
export interface PrometheusAnalysisOptions extends AnalysisTiming {
  /** Prometheus' address (`http://prometheus.monitoring:9090`). */
  readonly address: string;
  /** The PromQL query; `{{args.<name>}}` refers to the template's arguments. */
  readonly query: string;
  /** The success condition on `result` (`result[0] >= 0.95`). */
  readonly successCondition: string;
}

/** An HTTP measurement. */
export interface WebAnalysisOptions extends AnalysisTiming {
  /** The URL to call. */
  readonly url: string;
  /**
   * JSON path of the value in the response.
   * @default '{$}'
   */
  readonly jsonPath?: string;
  /** The success condition on `result`. */
  readonly successCondition: string;
}

/** A measurement by a Job that succeeds or fails. */
export interface JobAnalysisOptions extends AnalysisTiming {
  /** The Job's image. */
  readonly image: string;
  /** The command. */
  readonly command: string[];
}

/**
 * One metric of an Argo Rollouts AnalysisTemplate.
 */
export class AnalysisMetric {
  /** Measure with a Prometheus query (seed 004's success rate). */
  public static prometheus(name: string, options: PrometheusAnalysisOptions): AnalysisMetric {
    return new AnalysisMetric(name, options, { prometheus: { address: options.address, query: options.query } }, options.successCondition);
  }

  /** Measure with an HTTP call. */
  public static web(name: string, options: WebAnalysisOptions): AnalysisMetric {
    return new AnalysisMetric(name, options, { web: { url: options.url, jsonPath: options.jsonPath ?? '{$}' } }, options.successCondition);
  }

  /** Measure with a Job (restricted pod security, no service account token). */
  public static job(name: string, options: JobAnalysisOptions): AnalysisMetric {
    return new AnalysisMetric(name, options, {
      job: {
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              automountServiceAccountToken: false,
              securityContext: k8s.toJson_PodSecurityContext(restrictedPodSecurityContext(10001, 10001)),
              containers: [{
                name,
                image: options.image,
                command: options.command,
                securityContext: k8s.toJson_SecurityContext(restrictedContainerSecurityContext(10001, 10001)),
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
              }],
            },
          },
        },
      },
    });
  }

  private constructor(
    /** The metric's name. */
    public readonly name: string,
    private readonly timing: AnalysisTiming,
    private readonly provider: AnalysisMetricSpec['provider'],
    private readonly successCondition?: string,
  ) {}

  /**
   * The AnalysisTemplate `metrics[]` entry.
   * @internal
   */
  public _renderMetric(scope: Construct): object {
    const count = this.timing.count ?? 5;
    const failureLimit = this.timing.failureLimit ?? 1;
    if (!Number.isInteger(count) || count < 1 || !Number.isInteger(failureLimit) || failureLimit < 0 || failureLimit >= count) {
      fail(scope, { prop: `metrics.${this.name}`, found: `count ${count}, failureLimit ${failureLimit}`, needed: 'must have count >= 1 and 0 <= failureLimit < count', fix: 'measure more often than the failures you tolerate' });
    }
    // Typed here; the signature says `object` so the published types need no Argo model package.
    const metric: AnalysisMetricSpec = {
      name: this.name,
      interval: `${(this.timing.interval ?? Duration.minutes(1)).toSeconds()}s`,
      count,
      failureLimit,
      successCondition: this.successCondition,
      provider: this.provider,
    };
    return metric;
  }
}

/**
 * Props of an AnalysisTemplate.
 */
export interface AnalysisTemplateProps {
  /** The template's name, referred to by Rollouts. */
  readonly name: string;
  /**
   * Arguments the template expects; the Rollout supplies each.
   * @default [AnalysisArgument.SERVICE_NAME]
   */
  readonly args?: AnalysisArgument[];
  /** The measurements. */
  readonly metrics: AnalysisMetric[];
}

/**
 * An Argo Rollouts AnalysisTemplate (argoproj.io/v1alpha1): pre- and post-promotion checks of
 * a blue/green release, background analysis of a canary.
 */
export class AnalysisTemplate extends Construct {
  /**
   * Seed 004's success-rate template: the error rate of the pods of the ReplicaSet under test
   * must stay at or below the error-rate threshold of `signals`, the same expression and
   * threshold the HighErrorRate alert uses. The pods are told apart by
   * `rollouts-pod-template-hash`, which the Rollout passes as `pod-template-hash` (the newest
   * ReplicaSet: the preview before promotion, the new active after it, the canary).
   */
  public static successRate(scope: Construct, id: string, props: SuccessRateProps): AnalysisTemplate {
    const matchers: { [label: string]: string } = {
      ...props.matchers,
      [GoldenSignals.prometheusLabelName(ARGO_HASH_LABEL)]: `{{args.${AnalysisArgument.POD_TEMPLATE_HASH}}}`,
    };
    return new AnalysisTemplate(scope, id, {
      name: props.name ?? 'success-rate',
      args: [AnalysisArgument.POD_TEMPLATE_HASH],
      metrics: [AnalysisMetric.prometheus('error-rate', {
        address: props.prometheusAddress,
        query: props.signals.errorRate(matchers),
        successCondition: props.signals.errorRateSuccessCondition,
        interval: Duration.minutes(1),
        count: 5,
        failureLimit: 1,
      })],
    });
  }

  /** The template's name. */
  public readonly name: string;
  /** The AnalysisTemplate object. */
  public readonly resource: ApiObject;
  /** Arguments the template expects. */
  public readonly args: AnalysisArgument[];

  constructor(scope: Construct, id: string, props: AnalysisTemplateProps) {
    super(scope, id);
    RolloutChecks.of(this);
    this.name = props.name;
    this.args = props.args ?? [AnalysisArgument.SERVICE_NAME];
    if (props.metrics.length === 0) {
      fail(this, { prop: 'metrics', found: 'an empty list', needed: 'must hold at least one measurement', fix: 'add AnalysisMetric.prometheus(...), web(...) or job(...)' });
    }
    this.resource = typedObject<IAnalysisTemplate>(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: props.name },
      spec: {
        args: this.args.map((name) => ({ name })),
        metrics: props.metrics.map((m) => m._renderMetric(this) as AnalysisMetricSpec),
      },
    });
  }
}

/**
 * Props of AnalysisTemplate.successRate().
 */
export interface SuccessRateProps {
  /**
   * The template's name.
   * @default 'success-rate'
   */
  readonly name?: string;
  /** Prometheus' address. */
  readonly prometheusAddress: string;
  /** The service's request metrics and error-rate threshold (shared with its alerts and dashboard). */
  readonly signals: GoldenSignals;
  /**
   * Further label matchers of every series measured (`namespace`, `service` of the metrics
   * Service that WorkloadMonitor renders).
   * @default - only the pod template hash
   */
  readonly matchers?: { [label: string]: string };
}

/**
 * Arguments an AnalysisTemplate can expect; a Rollout supplies each from its own state.
 */
export enum AnalysisArgument {
  /** The Service under test: the preview (pre-promotion), the active Service, or the canary Service. */
  SERVICE_NAME = 'service-name',
  /** The pod template hash of the newest ReplicaSet (`valueFrom.podTemplateHashValue: Latest`). */
  POD_TEMPLATE_HASH = 'pod-template-hash',
}

/**
 * The `analysis` block of a Rollout step or strategy: the templates and a value for every
 * argument they expect. One place for blue/green and canary.
 * @internal
 */
export function renderAnalysisRef(templates: AnalysisTemplate[] | undefined, serviceName: string): {
  templates: Array<{ templateName: string }>;
  args?: Array<{ name: string; value?: string; valueFrom?: { podTemplateHashValue: string } }>;
} | undefined {
  if (!templates || templates.length === 0) return undefined;
  const wanted = [...new Set(templates.flatMap((t) => t.args))].sort();
  return {
    templates: templates.map((t) => ({ templateName: t.name })),
    args: wanted.map((arg) => arg === AnalysisArgument.SERVICE_NAME
      ? { name: arg, value: serviceName }
      : { name: arg, valueFrom: { podTemplateHashValue: 'Latest' } }),
  };
}
