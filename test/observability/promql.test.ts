/*
 * Every PromQL expression the reference systems render, parsed by Prometheus's own promtool:
 * PrometheusRule groups (`promtool check rules`, which also checks `for`, labels and
 * annotations), Grafana dashboard targets, Argo Rollouts analysis queries and the
 * prometheus-adapter metricsQuery templates, filled as the adapter fills them.
 */
import { parse } from 'yaml';
import { CustomMetricRule } from '../../src';
import { COMBINATIONS, systemObjects } from '../support/apps';
import { checkExpressions, checkRuleFile, fillAdapterQuery } from '../support/promtool';

function dashboardExpressions(objects: any[]): { [label: string]: string } {
  const out: { [label: string]: string } = {};
  for (const cm of objects.filter((o) => o.kind === 'ConfigMap')) {
    for (const [key, text] of Object.entries<string>(cm.data ?? {})) {
      if (!key.endsWith('.json')) continue;
      const dashboard = JSON.parse(text);
      for (const panel of dashboard.panels ?? []) {
        (panel.targets ?? []).forEach((t: any, i: number) => {
          out[`${cm.metadata.name} ${panel.title} #${i}`] = t.expr;
        });
      }
    }
  }
  return out;
}

function analysisExpressions(objects: any[]): { [label: string]: string } {
  const out: { [label: string]: string } = {};
  for (const t of objects.filter((o) => o.kind === 'AnalysisTemplate' || o.kind === 'ClusterAnalysisTemplate')) {
    for (const m of t.spec.metrics ?? []) {
      const query = m.provider?.prometheus?.query;
      // Argo fills {{args.<name>}} before it sends the query.
      if (query) out[`${t.metadata.name} ${m.name}`] = query.replace(/\{\{\s*args\.[\w-]+\s*\}\}/g, 'abc123');
    }
  }
  return out;
}

function adapterExpressions(objects: any[]): { [label: string]: string } {
  const out: { [label: string]: string } = {};
  for (const cm of objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.['app.kubernetes.io/component'] === 'metrics-adapter-config')) {
    for (const rule of parse(cm.data['config.yaml']).rules) {
      const series = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rule.seriesQuery)![0];
      out[`${cm.metadata.name} ${rule.name.as} (seriesQuery)`] = rule.seriesQuery;
      out[`${cm.metadata.name} ${rule.name.as}`] = fillAdapterQuery(rule.metricsQuery, series);
    }
  }
  return out;
}

describe.each(COMBINATIONS)('%s %s: PromQL as Prometheus parses it', (system, environment) => {
  const objects = systemObjects(system, environment) as any[];

  test('every PrometheusRule passes promtool check rules', () => {
    for (const rule of objects.filter((o) => o.kind === 'PrometheusRule')) {
      expect([rule.metadata.name, checkRuleFile(rule.spec)]).toEqual([rule.metadata.name, '']);
    }
  });

  test('every dashboard, analysis and metrics adapter expression parses', () => {
    const expressions = { ...dashboardExpressions(objects), ...analysisExpressions(objects), ...adapterExpressions(objects) };
    for (const [label, expr] of Object.entries(expressions)) expect([label, expr]).not.toEqual([label, expect.stringMatching(/\$\w/)]);
    expect(checkExpressions(expressions)).toBe('');
  });
});

describe('the checks bite', () => {
  test('promtool reports an expression that does not parse, naming it', () => {
    expect(checkExpressions({ good: 'sum(rate(x_total[2m]))', bad: 'sum(rate(x_total[2m))' })).toMatch(/could not parse expression: .*unexpected "\)"/);
  });

  test('every CustomMetricRule kind fills into PromQL that parses', () => {
    const rules = [
      CustomMetricRule.rate('requests_per_second', 'http_requests_total'),
      CustomMetricRule.histogramQuantile('latency_p99', 'http_request_duration_seconds', 0.99),
      CustomMetricRule.gauge('active_sockets'),
    ];
    expect(checkExpressions(Object.fromEntries(rules.map((r) => [r.metricName, fillAdapterQuery(r.metricsQuery, r.series)])))).toBe('');
  });
});
