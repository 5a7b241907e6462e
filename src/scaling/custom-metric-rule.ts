import { Duration } from 'cdk8s';
import { checkValue } from '../core/checks';
import { wholeSeconds } from '../core/durations';

/** A Prometheus metric or series name. */
const PROMETHEUS_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function prometheusNameProblem(value: string): string | undefined {
  return PROMETHEUS_NAME.test(value) ? undefined : `must be a Prometheus metric name (${PROMETHEUS_NAME.source})`;
}

/**
 * One prometheus-adapter rule: how the custom metrics API serves a per-pod metric that an
 * HPA's Pods metric names (`ScalingMetric.podsAverage`), computed from a Prometheus series.
 *
 * Every rule maps the series' `namespace` and `pod` labels to those resources, so the adapter
 * answers per pod; the series must carry both (the Prometheus Operator's pod and service
 * monitors add them).
 */
export class CustomMetricRule {
  /**
   * The per-second rate of a counter, per pod (seed 004: `api_gateway_requests_per_second` from
   * `api_gateway_requests_total`).
   * @param metricName the name the HPA asks for
   * @param counter the counter series, a `_total`
   * @param window the rate window (default 2 minutes: at least four scrapes at 30 s)
   */
  public static rate(metricName: string, counter: string, window?: Duration): CustomMetricRule {
    const seconds = CustomMetricRule.window(window);
    return new CustomMetricRule(metricName, counter, `sum(rate(<<.Series>>{<<.LabelMatchers>>}[${seconds}s])) by (<<.GroupBy>>)`);
  }

  /**
   * A quantile of a histogram's request durations, per pod, in seconds (seed 002's "req
   * latency"): `histogram_quantile` over the rate of its `_bucket` series.
   * @param metricName the name the HPA asks for
   * @param histogram the histogram's base name, without `_bucket`
   * @param quantile between 0 and 1, both excluded (0.95 for p95)
   * @param window the rate window (default 2 minutes)
   */
  public static histogramQuantile(metricName: string, histogram: string, quantile: number, window?: Duration): CustomMetricRule {
    if (!(quantile > 0 && quantile < 1)) {
      checkValue('CustomMetricRule', 'quantile', quantile, 'must be between 0 and 1, both excluded', 'write the 95th percentile as 0.95');
    }
    checkValue('CustomMetricRule', 'histogram', histogram, prometheusNameProblem(histogram), 'use the histogram\'s base name, such as http_request_duration_seconds');
    const seconds = CustomMetricRule.window(window);
    return new CustomMetricRule(metricName, `${histogram}_bucket`,
      `histogram_quantile(${quantile}, sum(rate(<<.Series>>{<<.LabelMatchers>>}[${seconds}s])) by (le, <<.GroupBy>>))`);
  }

  /**
   * A gauge the pods report, as it is (seed 002: active WebSocket connections per pod).
   * @param metricName the name the HPA asks for
   * @param gauge the gauge series (the same name when omitted)
   */
  public static gauge(metricName: string, gauge?: string): CustomMetricRule {
    return new CustomMetricRule(metricName, gauge ?? metricName, 'max(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)');
  }

  private static window(window: Duration | undefined): number {
    const seconds = wholeSeconds('CustomMetricRule', 'window', window ?? Duration.minutes(2), true);
    if (seconds < 60) {
      checkValue('CustomMetricRule', 'window', `${seconds}s`, 'must be at least 60s: a rate needs several scrapes', 'use Duration.minutes(2)');
    }
    return seconds;
  }

  private constructor(
    /** The metric the custom metrics API serves, as an HPA's Pods metric names it. */
    public readonly metricName: string,
    /** The Prometheus series it is computed from. */
    public readonly series: string,
    /** The adapter's metricsQuery template (`<<.Series>>`, `<<.LabelMatchers>>`, `<<.GroupBy>>`). */
    public readonly metricsQuery: string,
  ) {
    checkValue('CustomMetricRule', 'metricName', metricName, prometheusNameProblem(metricName), 'use the name the HPA\'s Pods metric asks for, such as http_requests_per_second');
    checkValue('CustomMetricRule', 'series', series, prometheusNameProblem(series), 'use the series as Prometheus stores it, such as http_requests_total');
  }

  /** The rule in prometheus-adapter's configuration format. */
  public toAdapterRule(): { [key: string]: unknown } {
    return {
      seriesQuery: `${this.series}{namespace!="",pod!=""}`,
      resources: { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
      name: { matches: `^${this.series}$`, as: this.metricName },
      metricsQuery: this.metricsQuery,
    };
  }
}
