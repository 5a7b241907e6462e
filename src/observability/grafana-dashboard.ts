import { createHash } from 'crypto';
import { ApiObject, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { GoldenSignals } from './golden-signals';
import { IObservableWorkload } from './observable-workload';
import { WorkloadMonitor } from './workload-monitor';
import { checkLabels } from '../core/checks';
import { RolloutChecks } from '../policy/rollout-checks';

/**
 * Props of a GrafanaDashboard.
 */
export interface GrafanaDashboardProps {
  /** The workload shown. */
  readonly target: IObservableWorkload;
  /** The service's PromQL and thresholds (shared with the alerts and the analysis). */
  readonly signals: GoldenSignals;
  /**
   * The dashboard's title.
   * @default '<name> overview'
   */
  readonly title?: string;
  /**
   * Grafana folder, through the sidecar's folder annotation.
   * @default - the sidecar's default folder
   */
  readonly folder?: string;
  /**
   * The label the Grafana sidecar discovers dashboards by (seed 004: `grafana_dashboard: "1"`).
   * @default { grafana_dashboard: '1' }
   */
  readonly discoveryLabels?: { [key: string]: string };
}

interface Target {
  readonly expr: string;
  readonly legendFormat: string;
}

/**
 * A Grafana dashboard in a ConfigMap (`<name>-dashboard`, label `grafana_dashboard: "1"`) that
 * the Grafana sidecar loads: request rate, latency percentiles, error rate, saturation and the
 * pods per colour, track or ReplicaSet during a rollout. Every query comes from GoldenSignals and
 * every threshold line is the alert's threshold. The JSON is written with stable ids and key
 * order: the same input gives the same bytes.
 */
export class GrafanaDashboard extends Construct {
  /** The ConfigMap holding the dashboard. */
  public readonly configMap: ApiObject;
  /** The dashboard's uid (stable: derived from namespace and name). */
  public readonly uid: string;

  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    RolloutChecks.of(this);
    checkLabels(this, 'discoveryLabels', props.discoveryLabels);
    const blueprint = props.target.blueprint;
    const signals = props.signals;
    const name = blueprint.name;
    const matchers = WorkloadMonitor.matchersFor(props.target);
    const containers = WorkloadMonitor.containerMatchersFor(props.target);
    const releaseLabel = GoldenSignals.prometheusLabelName(props.target.releaseLabelKey);
    this.uid = createHash('sha256').update(`${Chart.of(blueprint).namespace ?? ''}/${name}`).digest('hex').slice(0, 12);

    const panels = [
      panel(1, 'Request rate', 'reqps', [{ expr: signals.requestRate(matchers), legendFormat: 'requests/s' }]),
      panel(2, 'Latency percentiles', 's', [
        { expr: signals.latencyQuantile(0.5, matchers), legendFormat: 'p50' },
        { expr: signals.latencyQuantile(0.95, matchers), legendFormat: 'p95' },
        { expr: signals.latencyQuantile(0.99, matchers), legendFormat: 'p99' },
      ], signals.p95Latency.toMilliseconds() / 1000),
      panel(3, 'Error rate', 'percentunit', [{ expr: signals.errorRate(matchers), legendFormat: 'errors' }], signals.maxErrorRate),
      panel(4, 'Saturation (usage / requests)', 'percentunit', [
        { expr: signals.cpuSaturation(containers), legendFormat: 'cpu' },
        { expr: signals.memorySaturation(containers), legendFormat: 'memory' },
      ], 1),
      panel(5, `Pods per ${props.target.releaseLabelKey}`, 'short', [
        { expr: signals.podsUpBy(releaseLabel, matchers), legendFormat: `{{${releaseLabel}}}` },
      ]),
    ];
    const dashboard = {
      uid: this.uid,
      title: props.title ?? `${name} overview`,
      tags: ['cdk8s-zero-downtime', name],
      timezone: 'utc',
      schemaVersion: 39,
      version: 1,
      editable: false,
      refresh: '30s',
      time: { from: 'now-6h', to: 'now' },
      templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Data source' }] },
      panels,
    };
    const annotations = props.folder ? { grafana_folder: props.folder } : undefined;
    this.configMap = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: {
        name: `${name}-dashboard`,
        labels: { ...blueprint.labels.withoutVersion, ...(props.discoveryLabels ?? { grafana_dashboard: '1' }) },
        annotations,
      },
      data: { [`${name}.json`]: `${JSON.stringify(dashboard, undefined, 2)}\n` },
    });
  }
}

/** One time-series panel; a threshold, when given, is drawn as a red line. */
function panel(id: number, title: string, unit: string, targets: Target[], threshold?: number): object {
  return {
    id,
    title,
    type: 'timeseries',
    datasource: { type: 'prometheus', uid: '${datasource}' },
    gridPos: { h: 8, w: 12, x: ((id - 1) % 2) * 12, y: Math.floor((id - 1) / 2) * 8 },
    fieldConfig: {
      defaults: {
        unit,
        thresholds: {
          mode: 'absolute',
          steps: [{ color: 'green', value: null }, ...(threshold === undefined ? [] : [{ color: 'red', value: threshold }])],
        },
        custom: { thresholdsStyle: { mode: threshold === undefined ? 'off' : 'line' } },
      },
      overrides: [],
    },
    targets: targets.map((t, index) => ({ refId: String.fromCharCode(65 + index), expr: t.expr, legendFormat: t.legendFormat })),
  };
}
