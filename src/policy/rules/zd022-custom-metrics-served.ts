import { parse } from 'yaml';
import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { asObject, asString, get, objects } from '../model/json';
import { ManifestModel } from '../model/manifest-model';
import { ManifestRule } from '../rule';

/**
 * ZD022: every Pods and Object metric of an HPA is served: a prometheus-adapter configuration
 * in the manifests (a ConfigMap whose file holds `rules`, as PrometheusAdapterConfig renders
 * it) has a rule whose `name.as` (or series name) is that metric. Without one the custom
 * metrics API answers 404, the HPA reports FailedGetPodsMetric and scales on its other
 * metrics only: it never scales on load it cannot see and never below what the others ask.
 * A warning: the adapter's configuration is often the platform's, outside these manifests;
 * say so with a suppression (`ZD022: served by the platform adapter`). Anchors: the
 * Kubernetes HPA walkthrough (custom metrics need an adapter), prometheus-adapter's
 * configuration walkthrough.
 */
export const ZD022_CUSTOM_METRICS_SERVED: ManifestRule = {
  id: ZeroDowntimeRule.ZD022,
  severity: FindingSeverity.WARNING,
  summary: 'Every Pods and Object metric of an HPA has a metrics adapter rule',
  check(model, _context, report) {
    const served = adapterMetricNames(model);
    for (const hpa of model.ofKind('HorizontalPodAutoscaler')) {
      objects(hpa.spec.metrics).forEach((metric, i) => {
        const type = asString(metric.type);
        if (type !== 'Pods' && type !== 'Object') return;
        const key = type === 'Pods' ? 'pods' : 'object';
        const name = asString(get(metric, key, 'metric', 'name'));
        if (name === undefined || served.has(name)) return;
        report.add(hpa, {
          field: `spec.metrics[${i}].${key}.metric.name`,
          found: `${name}, which no metrics adapter rule in these manifests serves${served.size > 0 ? ` (they serve ${[...served].sort().join(', ')})` : ''}`,
          needed: 'must be served by the custom metrics API, or the HPA cannot compute it and never scales on it',
          fix: 'add a CustomMetricRule for it to a PrometheusAdapterConfig, or suppress ZD022 on the HPA naming the adapter that serves it',
        });
      });
    }
  },
};

/** The metric names every prometheus-adapter configuration in the set serves. */
function adapterMetricNames(model: ManifestModel): Set<string> {
  const out = new Set<string>();
  for (const configMap of model.ofKind('ConfigMap')) {
    for (const text of Object.values(asObject(configMap.raw.data) ?? {})) {
      if (typeof text !== 'string' || !/^\s*rules\s*:/m.test(text)) continue;
      let config: unknown;
      try {
        config = parse(text);
      } catch {
        continue;
      }
      for (const rule of objects(get(config, 'rules'))) {
        const name = servedName(rule);
        if (name !== undefined) out.add(name);
      }
    }
  }
  return out;
}

/** The name a rule serves: `name.as` with `$n` / `${n}` filled from `name.matches` on the series name. */
function servedName(rule: { [key: string]: unknown }): string | undefined {
  const series = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(asString(rule.seriesQuery) ?? '')?.[1];
  const as = asString(get(rule, 'name', 'as'));
  const matches = asString(get(rule, 'name', 'matches'));
  if (as !== undefined && !as.includes('$')) return as;
  if (series === undefined) return undefined;
  if (matches === undefined) return series;
  try {
    const m = new RegExp(matches).exec(series);
    if (!m) return undefined;
    // Go's regexp expansion, as the adapter does it: `$1` and `${1}`.
    return (as ?? (m.length > 1 ? '$1' : '$0')).replace(/\$\{(\d+)\}|\$(\d+)/g, (_all, braced: string | undefined, bare: string | undefined) => m[Number(braced ?? bare)] ?? '');
  } catch {
    return undefined;
  }
}
