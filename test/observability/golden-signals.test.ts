import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { GoldenSignals, GoldenSignalsProps } from '../../src';

const SEED_004: GoldenSignalsProps = {
  requestsMetric: 'api_gateway_requests_total',
  failedRequestsMetric: 'api_gateway_requests_failed_total',
  durationHistogram: 'api_gateway_request_duration_seconds',
};
const M = { namespace: 'api-gateway', app_kubernetes_io_name: 'api-gateway' };
const SEL = 'app_kubernetes_io_name="api-gateway",namespace="api-gateway"';

describe('GoldenSignals', () => {
  test('seed 004 expressions and thresholds', () => {
    // GIVEN
    const signals = new GoldenSignals(SEED_004);
    // THEN
    expect(signals.requestRate(M)).toBe(`sum(rate(api_gateway_requests_total{${SEL}}[5m]))`);
    expect(signals.errorRate(M)).toBe(`(sum(rate(api_gateway_requests_failed_total{${SEL}}[5m])) or vector(0)) / sum(rate(api_gateway_requests_total{${SEL}}[5m]))`);
    expect(signals.errorRateTooHigh(M)).toBe(`${signals.errorRate(M)} > 0.05`);
    // Aggregated over pods before the quantile (seed 004 takes the quantile per series).
    expect(signals.p95TooSlow(M)).toBe(`histogram_quantile(0.95, sum by (le) (rate(api_gateway_request_duration_seconds_bucket{${SEL}}[5m]))) > 1`);
    expect(signals.p99TooSlow(M)).toBe(`histogram_quantile(0.99, sum by (le) (rate(api_gateway_request_duration_seconds_bucket{${SEL}}[5m]))) > 2`);
    expect(signals.errorRateSuccessCondition).toBe('result[0] <= 0.05');
    expect(signals.containerRestarting({ namespace: 'api-gateway', container: 'api-gateway' }))
      .toBe('rate(kube_pod_container_status_restarts_total{container="api-gateway",namespace="api-gateway"}[15m]) > 0');
    expect(signals.podsUpBy('track', M)).toBe(`count by (track) (up{${SEL}} == 1)`);
  });

  test('one counter with a status label: failures by matcher', () => {
    const signals = new GoldenSignals({ requestsMetric: 'http_requests_total', durationHistogram: 'http_request_duration_seconds', window: Duration.minutes(2) });
    expect(signals.errorRate({ job: 'api' })).toBe('(sum(rate(http_requests_total{job="api",code=~"5.."}[2m])) or vector(0)) / sum(rate(http_requests_total{job="api"}[2m]))');
    const custom = new GoldenSignals({ requestsMetric: 'r', durationHistogram: 'd', errorMatcher: 'status="error"', window: Duration.seconds(90) });
    expect(custom.errorRate({})).toBe('(sum(rate(r{status="error"}[90s])) or vector(0)) / sum(rate(r{}[90s]))');
  });

  test('a threshold changed once changes every expression judged on it', () => {
    const signals = new GoldenSignals({ ...SEED_004, maxErrorRate: 0.01, p95Latency: Duration.millis(250), p99Latency: Duration.millis(500) });
    expect(signals.errorRateTooHigh(M)).toMatch(/ > 0\.01$/);
    expect(signals.errorRateSuccessCondition).toBe('result[0] <= 0.01');
    expect(signals.p95TooSlow(M)).toMatch(/ > 0\.25$/);
    expect(signals.p99TooSlow(M)).toMatch(/ > 0\.5$/);
  });

  test('Kubernetes label keys become Prometheus label names', () => {
    expect(GoldenSignals.prometheusLabelName('gateway.meetinity.io/color')).toBe('gateway_meetinity_io_color');
    expect(GoldenSignals.prometheusLabelName('rollouts-pod-template-hash')).toBe('rollouts_pod_template_hash');
    expect(GoldenSignals.prometheusLabelName('9lives')).toBe('_9lives');
  });

  test('selectors are sorted, escaped and always parse back to the same matchers', () => {
    fc.assert(fc.property(fc.dictionary(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/), fc.string({ maxLength: 12 })), (matchers) => {
      const selector = GoldenSignals.selector(matchers);
      const parsed: { [k: string]: string } = {};
      for (const m of selector.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) parsed[m[1]] = m[2].replace(/\\(.)/g, '$1');
      expect(parsed).toEqual({ ...matchers });
      expect(GoldenSignals.selector(Object.fromEntries(Object.entries(matchers).reverse()))).toBe(selector);
    }));
  });

  test.each([
    [{ requestsMetric: 'api-requests' }, "GoldenSignals: 'requestsMetric' (api-requests) must be a Prometheus metric name (^[a-zA-Z_:][a-zA-Z0-9_:]*$); use the name the app exports, such as api_gateway_requests_total"],
    [{ durationHistogram: 'latency_seconds_bucket' }, "GoldenSignals: 'durationHistogram' (latency_seconds_bucket) must name the histogram without its _bucket suffix; use latency_seconds"],
    [{ maxErrorRate: 5 }, "GoldenSignals: 'maxErrorRate' (5) must be a share between 0 and 1, both excluded; write 5 % as 0.05"],
    [{ window: Duration.seconds(30) }, "GoldenSignals: 'window' (30s) must be whole seconds, at least 1 minute (four scrapes at the usual 15 s interval); use Duration.minutes(5)"],
    [{ p95Latency: Duration.seconds(0) }, "GoldenSignals: 'p95Latency' (0ms) must be positive; use a latency objective such as Duration.seconds(1)"],
    [{ p95Latency: Duration.seconds(3) }, "GoldenSignals: 'p99Latency' (2000ms) must be at least p95Latency (3000ms); raise p99Latency or lower p95Latency"],
  ] as Array<[Partial<GoldenSignalsProps>, string]>)('rejects %j', (props, message) => {
    expect(() => new GoldenSignals({ ...SEED_004, ...props })).toThrow(message);
  });

  test('rejects a quantile outside (0, 1) and a label name PromQL cannot hold', () => {
    const signals = new GoldenSignals(SEED_004);
    expect(() => signals.latencyQuantile(95, M)).toThrow("GoldenSignals: 'quantile' (95) must be between 0 and 1, both excluded; write the 95th percentile as 0.95");
    expect(() => signals.requestRate({ 'app.kubernetes.io/name': 'api' }))
      .toThrow("GoldenSignals: label 'app.kubernetes.io/name' must match ^[a-zA-Z_][a-zA-Z0-9_]*$; use GoldenSignals.prometheusLabelName() for Kubernetes label keys");
  });
});
