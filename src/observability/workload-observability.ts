import { Construct } from 'constructs';
import { AlertRules } from './alert-rules';
import { GoldenSignals } from './golden-signals';
import { GrafanaDashboard } from './grafana-dashboard';
import { IObservableWorkload } from './observable-workload';
import { MonitorKind, WorkloadMonitor } from './workload-monitor';

/**
 * Props of WorkloadObservability.
 */
export interface WorkloadObservabilityProps {
  /** The workload observed. */
  readonly target: IObservableWorkload;
  /** The service's PromQL and thresholds. */
  readonly signals: GoldenSignals;
  /** Where runbooks live (see AlertRules). */
  readonly runbookBaseUrl: string;
  /**
   * ServiceMonitor or PodMonitor.
   * @default MonitorKind.SERVICE_MONITOR
   */
  readonly monitorKind?: MonitorKind;
  /**
   * Labels of the monitor and the rule objects, for the Prometheus instance's selectors.
   * @default - none
   */
  readonly prometheusSelectorLabels?: { [key: string]: string };
  /**
   * Labels added to every alert (`team: platform`).
   * @default - none
   */
  readonly alertLabels?: { [key: string]: string };
  /**
   * Whether a Grafana dashboard ConfigMap is rendered.
   * @default true
   */
  readonly dashboard?: boolean;
}

/**
 * Monitoring, alerting and a dashboard for one workload from one GoldenSignals: a
 * WorkloadMonitor, AlertRules and a GrafanaDashboard that agree on every query and threshold.
 */
export class WorkloadObservability extends Construct {
  /** The ServiceMonitor or PodMonitor. */
  public readonly monitor: WorkloadMonitor;
  /** The PrometheusRule. */
  public readonly alerts: AlertRules;
  /** The dashboard, unless disabled. */
  public readonly dashboard?: GrafanaDashboard;

  constructor(scope: Construct, id: string, props: WorkloadObservabilityProps) {
    super(scope, id);
    this.monitor = new WorkloadMonitor(this, 'Monitor', { target: props.target, kind: props.monitorKind, monitorLabels: props.prometheusSelectorLabels });
    this.alerts = new AlertRules(this, 'Alerts', {
      target: props.target,
      signals: props.signals,
      runbookBaseUrl: props.runbookBaseUrl,
      alertLabels: props.alertLabels,
      ruleLabels: props.prometheusSelectorLabels,
    });
    if (props.dashboard ?? true) {
      this.dashboard = new GrafanaDashboard(this, 'Dashboard', { target: props.target, signals: props.signals });
    }
  }
}
