import { Duration } from 'cdk8s';
import { PROMETHEUS_METRIC_NAME } from '../core/names';
import { fail } from '../core/violation';

/**
 * The application's request metrics and the service-level thresholds judged on them.
 */
export interface GoldenSignalsProps {
  /** Counter of all requests (seed 004: `api_gateway_requests_total`). */
  readonly requestsMetric: string;
  /**
   * Counter of failed requests (seed 004: `api_gateway_requests_failed_total`).
   * @default - `requestsMetric` restricted by `errorMatcher`
   */
  readonly failedRequestsMetric?: string;
  /**
   * The matcher picking failed requests out of `requestsMetric`, when there is no separate
   * counter of failures.
   * @default 'code=~"5.."'
   */
  readonly errorMatcher?: string;
  /**
   * Histogram of request durations in seconds, without the `_bucket` suffix (seed 004:
   * `api_gateway_request_duration_seconds`).
   */
  readonly durationHistogram: string;
  /**
   * The range every rate is taken over.
   * @default Duration.minutes(5)
   */
  readonly window?: Duration;
  /**
   * Highest acceptable share of failed requests, from 0 to 1 (seed 004: 5 %).
   * @default 0.05
   */
  readonly maxErrorRate?: number;
  /**
   * Highest acceptable 95th percentile latency (seed 004: 1 s).
   * @default Duration.seconds(1)
   */
  readonly p95Latency?: Duration;
  /**
   * Highest acceptable 99th percentile latency (seed 004: 2 s).
   * @default Duration.seconds(2)
   */
  readonly p99Latency?: Duration;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The one source of PromQL for a service: request rate, error rate and latency percentiles,
 * and the thresholds they are judged against. Alert rules, the Argo Rollouts analysis and the
 * Grafana dashboard all take their expressions from here, so a threshold or a metric name
 * changes in one place.
 */
export class GoldenSignals {
  /**
   * Turns a Kubernetes label key into the Prometheus label name the operator gives it
   * (`gateway.meetinity.io/color` -> `gateway_meetinity_io_color`).
   */
  public static prometheusLabelName(kubernetesLabel: string): string {
    const name = kubernetesLabel.replace(/[^a-zA-Z0-9_]/g, '_');
    return /^[0-9]/.test(name) ? `_${name}` : name;
  }

  /**
   * Renders label matchers (label name -> value; a value may hold an Argo Rollouts placeholder
   * such as `{{args.pod-template-hash}}`) as the inside of a PromQL selector, sorted by label
   * name so the same matchers always give the same text.
   */
  public static selector(matchers: { [label: string]: string }): string {
    return Object.keys(matchers).sort().map((label) => {
      if (!LABEL_NAME.test(label)) {
        throw new Error(`GoldenSignals: label '${label}' must match ${LABEL_NAME.source}; use GoldenSignals.prometheusLabelName() for Kubernetes label keys`);
      }
      return `${label}="${matchers[label].replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    }).join(',');
  }

  /** Highest acceptable error rate (0 to 1). */
  public readonly maxErrorRate: number;
  /** Highest acceptable p95 latency. */
  public readonly p95Latency: Duration;
  /** Highest acceptable p99 latency. */
  public readonly p99Latency: Duration;
  /** The rate window, as PromQL writes it (`5m`). */
  public readonly window: string;
  private readonly props: GoldenSignalsProps;

  constructor(props: GoldenSignalsProps) {
    for (const prop of ['requestsMetric', 'failedRequestsMetric', 'durationHistogram'] as const) {
      const value = props[prop];
      if (value !== undefined && !PROMETHEUS_METRIC_NAME.test(value)) {
        fail('GoldenSignals', { prop, found: value, needed: `must be a Prometheus metric name (${PROMETHEUS_METRIC_NAME.source})`, fix: 'use the name the app exports, such as api_gateway_requests_total' });
      }
    }
    if (props.durationHistogram.endsWith('_bucket')) {
      fail('GoldenSignals', { prop: 'durationHistogram', found: props.durationHistogram, needed: 'must name the histogram without its _bucket suffix', fix: `use ${props.durationHistogram.replace(/_bucket$/, '')}` });
    }
    const maxErrorRate = props.maxErrorRate ?? 0.05;
    if (!(maxErrorRate > 0 && maxErrorRate < 1)) {
      fail('GoldenSignals', { prop: 'maxErrorRate', found: `${maxErrorRate}`, needed: 'must be a share between 0 and 1, both excluded', fix: 'write 5 % as 0.05' });
    }
    const windowSeconds = (props.window ?? Duration.minutes(5)).toMilliseconds() / 1000;
    if (!Number.isInteger(windowSeconds) || windowSeconds < 60) {
      fail('GoldenSignals', { prop: 'window', found: `${windowSeconds}s`, needed: 'must be whole seconds, at least 1 minute (four scrapes at the usual 15 s interval)', fix: 'use Duration.minutes(5)' });
    }
    this.p95Latency = positiveLatency('p95Latency', props.p95Latency ?? Duration.seconds(1));
    this.p99Latency = positiveLatency('p99Latency', props.p99Latency ?? Duration.seconds(2));
    if (this.p99Latency.toMilliseconds() < this.p95Latency.toMilliseconds()) {
      fail('GoldenSignals', { prop: 'p99Latency', found: `${this.p99Latency.toMilliseconds()}ms`, needed: `must be at least p95Latency (${this.p95Latency.toMilliseconds()}ms)`, fix: 'raise p99Latency or lower p95Latency' });
    }
    this.props = props;
    this.maxErrorRate = maxErrorRate;
    this.window = windowSeconds % 60 === 0 ? `${windowSeconds / 60}m` : `${windowSeconds}s`;
  }

  /** Requests per second over all pods selected. */
  public requestRate(matchers: { [label: string]: string }): string {
    return `sum(rate(${this.props.requestsMetric}{${GoldenSignals.selector(matchers)}}[${this.window}]))`;
  }

  /**
   * Share of failed requests (0 to 1). No failure series at all counts as no failures; no
   * requests at all gives no value (NaN), never a false "all good".
   */
  public errorRate(matchers: { [label: string]: string }): string {
    const selector = GoldenSignals.selector(matchers);
    const failed = this.props.failedRequestsMetric
      ? `${this.props.failedRequestsMetric}{${selector}}`
      : `${this.props.requestsMetric}{${[selector, this.props.errorMatcher ?? 'code=~"5.."'].filter((s) => s).join(',')}}`;
    return `(sum(rate(${failed}[${this.window}])) or vector(0)) / ${this.requestRate(matchers)}`;
  }

  /** A latency quantile in seconds, aggregated over every pod before the quantile is taken. */
  public latencyQuantile(quantile: number, matchers: { [label: string]: string }): string {
    if (!(quantile > 0 && quantile < 1)) {
      fail('GoldenSignals', { prop: 'quantile', found: `${quantile}`, needed: 'must be between 0 and 1, both excluded', fix: 'write the 95th percentile as 0.95' });
    }
    return `histogram_quantile(${quantile}, sum by (le) (rate(${this.props.durationHistogram}_bucket{${GoldenSignals.selector(matchers)}}[${this.window}])))`;
  }

  /** True (a series) while the error rate is above `maxErrorRate`. */
  public errorRateTooHigh(matchers: { [label: string]: string }): string {
    return `${this.errorRate(matchers)} > ${this.maxErrorRate}`;
  }

  /** True while the 95th percentile latency is above `p95Latency`. */
  public p95TooSlow(matchers: { [label: string]: string }): string {
    return `${this.latencyQuantile(0.95, matchers)} > ${seconds(this.p95Latency)}`;
  }

  /** True while the 99th percentile latency is above `p99Latency`. */
  public p99TooSlow(matchers: { [label: string]: string }): string {
    return `${this.latencyQuantile(0.99, matchers)} > ${seconds(this.p99Latency)}`;
  }

  /**
   * True while a container restarted within the last 15 minutes (kube-state-metrics; seed 004's
   * PodCrashLooping). Select by `namespace` and `container`.
   */
  public containerRestarting(containerMatchers: { [label: string]: string }): string {
    return `rate(kube_pod_container_status_restarts_total{${GoldenSignals.selector(containerMatchers)}}[15m]) > 0`;
  }

  /** CPU used as a share of CPU requested (cAdvisor over kube-state-metrics). */
  public cpuSaturation(containerMatchers: { [label: string]: string }): string {
    const selector = GoldenSignals.selector(containerMatchers);
    return `sum(rate(container_cpu_usage_seconds_total{${selector}}[${this.window}])) / sum(kube_pod_container_resource_requests{${selector},resource="cpu"})`;
  }

  /** Memory working set as a share of memory requested. */
  public memorySaturation(containerMatchers: { [label: string]: string }): string {
    const selector = GoldenSignals.selector(containerMatchers);
    return `sum(container_memory_working_set_bytes{${selector}}) / sum(kube_pod_container_resource_requests{${selector},resource="memory"})`;
  }

  /** Ready scrape targets (pods) per value of a label: replicas per colour, track or ReplicaSet. */
  public podsUpBy(label: string, matchers: { [label: string]: string }): string {
    return `count by (${label}) (up{${GoldenSignals.selector(matchers)}} == 1)`;
  }

  /**
   * The Argo Rollouts success condition on a measurement of `errorRate()`: the same threshold
   * as the alert.
   */
  public get errorRateSuccessCondition(): string {
    return `result[0] <= ${this.maxErrorRate}`;
  }
}

function positiveLatency(prop: string, latency: Duration): Duration {
  if (latency.toMilliseconds() <= 0) {
    fail('GoldenSignals', { prop, found: `${latency.toMilliseconds()}ms`, needed: 'must be positive', fix: 'use a latency objective such as Duration.seconds(1)' });
  }
  return latency;
}

/** A duration as PromQL compares seconds: `1`, `0.25`. */
function seconds(duration: Duration): string {
  return `${duration.toMilliseconds() / 1000}`;
}
