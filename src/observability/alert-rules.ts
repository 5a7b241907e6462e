import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { GoldenSignals } from './golden-signals';
import { IObservableWorkload } from './observable-workload';
import { WorkloadMonitor } from './workload-monitor';
import { checkLabels } from '../core/checks';
import { wholeSeconds } from '../core/durations';
import { fail } from '../core/violation';
import type { IPrometheusRule } from '../crd/models';
import { typedObject } from '../crd/typed-object';
import { RolloutChecks } from '../policy/rollout-checks';

/**
 * Alert severities, as Alertmanager routes them.
 */
export enum AlertSeverity {
  /** Wake someone up. */
  CRITICAL = 'critical',
  /** Look at it in working hours. */
  WARNING = 'warning',
  /** For dashboards and inhibition only. */
  INFO = 'info',
}

/**
 * How long a condition must hold, and how loud it is.
 */
export interface AlertTuning {
  /**
   * How long the condition must hold before the alert fires.
   * @default - per alert (seed 004: error rate 2m, latency 3m, crash looping 5m)
   */
  readonly pendingFor?: Duration;
  /**
   * The severity label.
   * @default - per alert (seed 004: warning, warning, critical)
   */
  readonly severity?: AlertSeverity;
}

/**
 * Props of AlertRules.
 */
export interface AlertRulesProps {
  /** The workload alerted on. */
  readonly target: IObservableWorkload;
  /** The service's PromQL and thresholds (shared with the analysis and the dashboard). */
  readonly signals: GoldenSignals;
  /**
   * Where runbooks live; each alert links `<runbookBaseUrl>/<alert-name>`
   * (`https://runbooks.example.com/api-gateway/high-error-rate`).
   */
  readonly runbookBaseUrl: string;
  /**
   * HighErrorRate: the error rate above `signals.maxErrorRate`.
   * @default - for 2m, warning
   */
  readonly errorRate?: AlertTuning;
  /**
   * HighResponseTime and HighResponseTimeP99: p95 above `signals.p95Latency`, p99 above `signals.p99Latency`.
   * @default - for 3m, warning
   */
  readonly latency?: AlertTuning;
  /**
   * PodCrashLooping: a container of the workload restarted within 15 minutes.
   * @default - for 5m, critical
   */
  readonly crashLooping?: AlertTuning;
  /**
   * RolloutNotProgressing: a rollout of the workload exceeded its progress deadline (a
   * Deployment's Progressing condition is false, kube-state-metrics; an Argo Rollout is
   * Degraded, the Argo Rollouts controller's metrics).
   * @default - for 1m, critical
   */
  readonly rolloutStuck?: AlertTuning;
  /**
   * Labels added to every alert (`team: platform`).
   * @default - none
   */
  readonly alertLabels?: { [key: string]: string };
  /**
   * Labels of the PrometheusRule object, for the Prometheus instance's ruleSelector.
   * @default - none
   */
  readonly ruleLabels?: { [key: string]: string };
}

interface AlertDefinition {
  readonly alert: string;
  readonly expr: string;
  readonly tuning: AlertTuning | undefined;
  readonly defaultFor: Duration;
  readonly defaultSeverity: AlertSeverity;
  readonly summary: string;
  readonly description: string;
}

/**
 * Seed 004's alerts for one workload as a PrometheusRule (`<name>-alerts`): HighErrorRate,
 * HighResponseTime (p95), HighResponseTimeP99 and PodCrashLooping, each with a severity, a
 * `for` duration, a summary, a description and a runbook link. Expressions and thresholds come
 * from GoldenSignals, so the alert fires on exactly what the rollout analysis gates on.
 */
export class AlertRules extends Construct {
  /** The PrometheusRule. */
  public readonly resource: ApiObject;
  /** Names of the alerts, in order. */
  public readonly alertNames: string[];

  constructor(scope: Construct, id: string, props: AlertRulesProps) {
    super(scope, id);
    RolloutChecks.of(this);
    checkLabels(this, 'ruleLabels', props.ruleLabels);
    checkLabels(this, 'alertLabels', props.alertLabels);
    if (!/^https?:\/\/[^\s"]+$/.test(props.runbookBaseUrl)) {
      fail(this, { prop: 'runbookBaseUrl', found: props.runbookBaseUrl, needed: 'must be an http(s) URL without spaces or quotes', fix: 'point it at the folder of your runbooks, such as https://runbooks.example.com/api-gateway' });
    }
    const blueprint = props.target.blueprint;
    const signals = props.signals;
    const matchers = WorkloadMonitor.matchersFor(props.target);
    const containers = WorkloadMonitor.containerMatchersFor(props.target);
    const name = blueprint.name;
    const definitions: AlertDefinition[] = [
      {
        alert: 'HighErrorRate',
        expr: signals.errorRateTooHigh(matchers),
        tuning: props.errorRate,
        defaultFor: Duration.minutes(2),
        defaultSeverity: AlertSeverity.WARNING,
        summary: `High error rate on ${name}`,
        description: `Error rate is {{ $value | humanizePercentage }} over ${signals.window}; the objective is at most ${percent(signals.maxErrorRate)}.`,
      },
      {
        alert: 'HighResponseTime',
        expr: signals.p95TooSlow(matchers),
        tuning: props.latency,
        defaultFor: Duration.minutes(3),
        defaultSeverity: AlertSeverity.WARNING,
        summary: `High p95 response time on ${name}`,
        description: `95th percentile response time is {{ $value | humanizeDuration }}; the objective is ${signals.p95Latency.toMilliseconds() / 1000}s.`,
      },
      {
        alert: 'HighResponseTimeP99',
        expr: signals.p99TooSlow(matchers),
        tuning: props.latency,
        defaultFor: Duration.minutes(3),
        defaultSeverity: AlertSeverity.WARNING,
        summary: `High p99 response time on ${name}`,
        description: `99th percentile response time is {{ $value | humanizeDuration }}; the objective is ${signals.p99Latency.toMilliseconds() / 1000}s.`,
      },
      {
        alert: 'PodCrashLooping',
        expr: signals.containerRestarting(containers),
        tuning: props.crashLooping,
        defaultFor: Duration.minutes(5),
        defaultSeverity: AlertSeverity.CRITICAL,
        summary: `A pod of ${name} is crash looping`,
        description: 'Pod {{ $labels.pod }} (container {{ $labels.container }}) is restarting frequently.',
      },
      {
        alert: 'RolloutNotProgressing',
        expr: rolloutStuck(name, containers.namespace),
        tuning: props.rolloutStuck,
        defaultFor: Duration.minutes(1),
        defaultSeverity: AlertSeverity.CRITICAL,
        summary: `A rollout of ${name} does not progress`,
        description: 'The rollout passed its progress deadline: new pods do not become ready. Roll back (cdk8s-zd rollback, kubectl rollout undo) or fix the release.',
      },
    ];
    this.alertNames = definitions.map((d) => d.alert);
    const base = props.runbookBaseUrl.replace(/\/+$/, '');
    this.resource = typedObject<IPrometheusRule>(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: `${name}-alerts`, labels: { ...blueprint.labels.withoutVersion, ...props.ruleLabels } },
      spec: {
        groups: [{
          name,
          rules: definitions.map((d) => {
            const forSeconds = wholeSeconds(this, `${d.alert}.pendingFor`, d.tuning?.pendingFor ?? d.defaultFor);
            return {
              alert: d.alert,
              expr: d.expr,
              for: forSeconds % 60 === 0 ? `${forSeconds / 60}m` : `${forSeconds}s`,
              labels: { ...props.alertLabels, severity: d.tuning?.severity ?? d.defaultSeverity, service: name },
              annotations: { summary: d.summary, description: d.description, runbook_url: `${base}/${kebab(d.alert)}` },
            };
          }),
        }],
      },
    });
  }
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function percent(share: number): string {
  return `${Math.round(share * 10000) / 100} %`;
}

/**
 * A rollout past its progress deadline: a Deployment of the workload (its own, a colour, the
 * canary track) whose Progressing condition is false, or its Argo Rollout in phase Degraded.
 */
function rolloutStuck(name: string, namespace: string | undefined): string {
  const ns = namespace ? `namespace="${namespace}",` : '';
  const deployments = `kube_deployment_status_condition{${ns}deployment=~"${name}(-blue|-green|-canary)?",condition="Progressing",status="false"}`;
  const rollout = `rollout_info{${ns}name="${name}",phase="Degraded"}`;
  return `max(${deployments}) == 1 or max(${rollout}) == 1`;
}
