import { Construct } from 'constructs';
import { GoldenSignals, IObservableWorkload, WorkloadObservability } from '../src';

/**
 * The request metrics of the services whose guides name none (engine-ops, massive-chat,
 * graphics-world): the conventions of the common HTTP middlewares (prom-client with
 * express-prom-bundle, prometheus-fastapi-instrumentator), a duration histogram whose `_count`
 * counts requests and whose `status_code` label tells failures apart. The objectives are the
 * library's defaults: at most 5 % errors, p95 under 1 s, p99 under 2 s.
 */
export const HTTP_SIGNALS = new GoldenSignals({
  requestsMetric: 'http_request_duration_seconds_count',
  errorMatcher: 'status_code=~"5.."',
  durationHistogram: 'http_request_duration_seconds',
});

/**
 * A workload's monitor, alerts (errors, latency, crash loops, a rollout past its deadline) and
 * dashboard, with runbooks under the system's page.
 */
export function observe(scope: Construct, target: IObservableWorkload, system: string): WorkloadObservability {
  return new WorkloadObservability(scope, 'Observability', {
    target,
    signals: HTTP_SIGNALS,
    runbookBaseUrl: `https://runbooks.example.com/${system}`,
  });
}
