import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { parse } from 'yaml';
import { AutoscaledWorkload, CustomMetricRule, EnvironmentProfile, GatewayDeployment, PrometheusAdapterConfig, ScalingMetric } from '../../src';
import { checkManifests } from '../../src/policy/engine';
import { synthValid } from '../support/synth';

const IMAGE = 'ghcr.io/acme/api:1.4.0-abcdef1';

function adapterChart(rules: CustomMetricRule[], name?: string) {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'monitoring' });
  const config = new PrometheusAdapterConfig(chart, 'Adapter', { name, rules });
  return { chart, config };
}

/** An HPA on `metricName` with (or without) an adapter rule for it, through the rule engine. */
function zd022(metricName: string, rules: CustomMetricRule[]) {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const api = new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE, profile: EnvironmentProfile.production() });
  new AutoscaledWorkload(chart, 'Scaling', { target: api, metrics: [ScalingMetric.podsAverage(metricName, '100')] });
  const objects: unknown[] = chart.toJson();
  if (rules.length > 0) objects.push(...adapterChart(rules).chart.toJson());
  return checkManifests(objects.map((object) => ({ object })), { environment: 'production' }).findings.filter((f) => f.rule === 'ZD022');
}

describe('PrometheusAdapterConfig', () => {
  test('defaults: adapter-config with config.yaml, one rule per metric (snapshot)', () => {
    const { chart } = adapterChart([CustomMetricRule.rate('http_requests_per_second', 'http_requests_total')]);
    expect(synthValid(chart)).toMatchSnapshot();
  });

  test('each rule maps namespace and pod, names the metric the HPA asks for, and queries the series', () => {
    const { chart, config } = adapterChart([
      CustomMetricRule.rate('api_gateway_requests_per_second', 'api_gateway_requests_total', Duration.minutes(5)),
      CustomMetricRule.histogramQuantile('latency_p95', 'http_request_duration_seconds', 0.95),
      CustomMetricRule.gauge('presence_active_sockets'),
    ], 'custom-metrics-config');
    const [cm] = synthValid(chart) as any[];
    expect(cm.metadata.name).toBe('custom-metrics-config');
    expect(config.metricNames).toEqual(['api_gateway_requests_per_second', 'latency_p95', 'presence_active_sockets']);
    const rules = parse(cm.data['config.yaml']).rules;
    expect(rules.map((r: any) => [r.seriesQuery, r.name.as, r.metricsQuery])).toEqual([
      ['api_gateway_requests_total{namespace!="",pod!=""}', 'api_gateway_requests_per_second', 'sum(rate(<<.Series>>{<<.LabelMatchers>>}[300s])) by (<<.GroupBy>>)'],
      ['http_request_duration_seconds_bucket{namespace!="",pod!=""}', 'latency_p95', 'histogram_quantile(0.95, sum(rate(<<.Series>>{<<.LabelMatchers>>}[120s])) by (le, <<.GroupBy>>))'],
      ['presence_active_sockets{namespace!="",pod!=""}', 'presence_active_sockets', 'max(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)'],
    ]);
    for (const r of rules) expect(r.resources).toEqual({ overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } });
  });

  test('ZD022: an HPA Pods metric warns without a rule and is quiet with one', () => {
    expect(zd022('http_requests_per_second', []).map((f) => f.message)).toEqual([
      'HorizontalPodAutoscaler/api spec.metrics[0].pods.metric.name (http_requests_per_second, which no metrics adapter rule in these manifests serves) must be served by the custom metrics API, or the HPA cannot compute it and never scales on it',
    ]);
    expect(zd022('http_requests_per_second', [CustomMetricRule.rate('http_requests_per_second', 'http_requests_total')])).toEqual([]);
  });

  test('property: every metric a rule is made for is one ZD022 finds served', () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,30}$/);
    fc.assert(fc.property(name, name, fc.constantFrom('rate', 'gauge', 'quantile'), (metric, series, kind) => {
      const rule = kind === 'rate' ? CustomMetricRule.rate(metric, series) : kind === 'gauge' ? CustomMetricRule.gauge(metric, series) : CustomMetricRule.histogramQuantile(metric, series, 0.9);
      expect(zd022(metric, [rule])).toEqual([]);
    }), { numRuns: 40 });
  });

  test.each([
    ['no rules', () => adapterChart([]), "test/Adapter: 'rules' ([]) must hold at least one rule; add a CustomMetricRule for each metric an HPA names"],
    ['a metric twice', () => adapterChart([CustomMetricRule.gauge('sockets'), CustomMetricRule.gauge('sockets', 'ws_sockets')]),
      "test/Adapter: 'rules' (\"sockets\") must name each metric once: the adapter would serve the first rule only; remove the second rule for it"],
    ['ConfigMap name', () => adapterChart([CustomMetricRule.gauge('sockets')], 'Adapter Config'),
      "test/Adapter: 'name' (\"Adapter Config\") must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-'; use the ConfigMap name the adapter mounts, such as adapter-config"],
    ['metric name', () => CustomMetricRule.gauge('requests-per-second'),
      "CustomMetricRule: 'metricName' (\"requests-per-second\") must be a Prometheus metric name (^[a-zA-Z_:][a-zA-Z0-9_:]*$); use the name the HPA's Pods metric asks for, such as http_requests_per_second"],
    ['series name', () => CustomMetricRule.rate('rps', 'http requests'),
      "CustomMetricRule: 'series' (\"http requests\") must be a Prometheus metric name (^[a-zA-Z_:][a-zA-Z0-9_:]*$); use the series as Prometheus stores it, such as http_requests_total"],
    ['quantile as a percentile', () => CustomMetricRule.histogramQuantile('p95', 'http_request_duration_seconds', 95),
      "CustomMetricRule: 'quantile' (95) must be between 0 and 1, both excluded; write the 95th percentile as 0.95"],
    ['rate window under a minute', () => CustomMetricRule.rate('rps', 'http_requests_total', Duration.seconds(30)),
      "CustomMetricRule: 'window' (\"30s\") must be at least 60s: a rate needs several scrapes; use Duration.minutes(2)"],
  ])('refuses %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});
