import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { GoldenSignals } from './golden-signals';
import { IObservableWorkload } from './observable-workload';
import { checkLabels } from '../core/checks';
import { wholeSeconds } from '../core/durations';
import { fail } from '../core/violation';
import { APP_LABELS } from '../core/well-known-keys';
import type { IPodMonitor, IServiceMonitor } from '../crd/models';
import { typedObject } from '../crd/typed-object';
import { RolloutChecks } from '../policy/rollout-checks';
import { renderService } from '../workload/service';

/**
 * How Prometheus Operator finds the pods.
 */
export enum MonitorKind {
  /** A ServiceMonitor on a headless `<name>-metrics` Service over every pod of the workload. */
  SERVICE_MONITOR = 'ServiceMonitor',
  /** A PodMonitor on the workload's pods, with no Service. */
  POD_MONITOR = 'PodMonitor',
}

/**
 * Props of a WorkloadMonitor.
 */
export interface WorkloadMonitorProps {
  /** The workload whose pods are scraped. */
  readonly target: IObservableWorkload;
  /**
   * ServiceMonitor or PodMonitor.
   * @default MonitorKind.SERVICE_MONITOR
   */
  readonly kind?: MonitorKind;
  /**
   * How often to scrape.
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;
  /**
   * How long one scrape may take; shorter than the interval.
   * @default Duration.seconds(10)
   */
  readonly scrapeTimeout?: Duration;
  /**
   * Labels the Prometheus instance selects monitors by (`release: kube-prometheus-stack`).
   * @default - none
   */
  readonly monitorLabels?: { [key: string]: string };
}

/** The pod labels every scraped series carries, so queries select a workload whatever its Services. */
const TARGET_LABELS = [APP_LABELS.name, APP_LABELS.instance];

/**
 * Scrapes every pod of a workload once, whatever its release strategy: blue and green, stable
 * and canary, old and new ReplicaSets. The default ServiceMonitor watches a headless
 * `<name>-metrics` Service of its own, so the workload's other Services (active, preview,
 * stable, canary, headless) never make a pod scraped twice and double its request rate.
 * Series carry the pod's name, instance and release label (colour, track or template hash),
 * which the alert rules and the dashboard select on.
 */
export class WorkloadMonitor extends Construct {
  /**
   * The label matchers selecting a workload's series, as the monitor labels them.
   */
  public static matchersFor(target: IObservableWorkload): { [label: string]: string } {
    const blueprint = target.blueprint;
    const matchers: { [label: string]: string } = {};
    const namespace = Chart.of(blueprint).namespace;
    if (namespace) matchers.namespace = namespace;
    for (const [key, value] of Object.entries(blueprint.labels.selector)) matchers[GoldenSignals.prometheusLabelName(key)] = value;
    return matchers;
  }

  /**
   * The label matchers selecting a workload's containers in cAdvisor and kube-state-metrics
   * series (`namespace`, `container`): restarts and saturation.
   */
  public static containerMatchersFor(target: IObservableWorkload): { [label: string]: string } {
    const blueprint = target.blueprint;
    const namespace = Chart.of(blueprint).namespace;
    return { ...(namespace ? { namespace } : {}), container: blueprint.name };
  }

  /** The ServiceMonitor or PodMonitor. */
  public readonly resource: ApiObject;
  /** The headless metrics Service (ServiceMonitor only). */
  public readonly metricsService?: ApiObject;
  /** Label matchers of the workload's series. */
  public readonly matchers: { [label: string]: string };
  /** The Prometheus label holding the release label's value (`gateway_meetinity_io_color`). */
  public readonly releaseLabel: string;

  constructor(scope: Construct, id: string, props: WorkloadMonitorProps) {
    super(scope, id);
    RolloutChecks.of(this);
    checkLabels(this, 'monitorLabels', props.monitorLabels);
    const blueprint = props.target.blueprint;
    const endpoint = blueprint.metrics;
    if (!endpoint) {
      fail(this, { prop: 'target', found: `${blueprint.name} with scrape: false`, needed: 'must expose metrics', fix: 'set scrape: true (the default) and metricsPort/metricsPath on the workload' });
    }
    const interval = wholeSeconds(this, 'interval', props.interval ?? Duration.seconds(30), true);
    const timeout = wholeSeconds(this, 'scrapeTimeout', props.scrapeTimeout ?? Duration.seconds(10), true);
    if (timeout >= interval) {
      fail(this, { prop: 'scrapeTimeout', found: `${timeout}s with interval ${interval}s`, needed: 'must be shorter than the interval', fix: 'use a timeout of about a third of the interval, such as 10s for 30s' });
    }
    this.matchers = WorkloadMonitor.matchersFor(props.target);
    this.releaseLabel = GoldenSignals.prometheusLabelName(props.target.releaseLabelKey);
    const labels = { ...blueprint.labels.withoutVersion, ...props.monitorLabels };
    const name = blueprint.name;
    // The workload's namespace: the monitor may sit in another chart (a monitoring namespace).
    const namespace = Chart.of(blueprint).namespace;
    const podTargetLabels = [...TARGET_LABELS, props.target.releaseLabelKey];
    const scrape = { port: endpoint.portName, path: endpoint.path, interval: `${interval}s`, scrapeTimeout: `${timeout}s`, scheme: 'http' as const };

    if ((props.kind ?? MonitorKind.SERVICE_MONITOR) === MonitorKind.SERVICE_MONITOR) {
      const serviceLabels = { ...blueprint.labels.withoutVersion, [APP_LABELS.component]: 'metrics' };
      this.metricsService = renderService(this, 'Service', {
        name: `${name}-metrics`,
        labels: serviceLabels,
        selector: blueprint.labels.selector,
        port: endpoint.port,
        portName: endpoint.portName,
        headless: true,
      });
      this.resource = typedObject<IServiceMonitor>(this, 'Resource', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name, labels },
        spec: {
          selector: { matchLabels: { ...blueprint.labels.selector, [APP_LABELS.component]: 'metrics' } },
          namespaceSelector: namespace ? { matchNames: [namespace] } : undefined,
          endpoints: [scrape],
          podTargetLabels,
        },
      });
    } else {
      this.resource = typedObject<IPodMonitor>(this, 'Resource', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name, labels },
        spec: {
          selector: { matchLabels: blueprint.labels.selector },
          namespaceSelector: namespace ? { matchNames: [namespace] } : undefined,
          podMetricsEndpoints: [scrape],
          podTargetLabels,
        },
      });
    }
  }
}
