import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CustomMetricRule, PrometheusAdapterConfig } from '../src';

/**
 * The prometheus-adapter configuration of a system's Pods metrics, in the adapter's own
 * namespace (seed 004 runs it in kube-system with the ConfigMap `custom-metrics-config`), as a
 * chart of its own beside the system's chart. Without it the HPAs cannot compute those
 * metrics (ZD022).
 */
export function metricsAdapterChart(scope: Construct, system: string, rules: CustomMetricRule[]): PrometheusAdapterConfig {
  const chart = new Chart(scope, `${system}-metrics-adapter`, { namespace: 'kube-system' });
  return new PrometheusAdapterConfig(chart, 'Config', { name: 'custom-metrics-config', rules });
}
