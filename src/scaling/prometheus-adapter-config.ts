import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { CustomMetricRule } from './custom-metric-rule';
import { checkValue } from '../core/checks';
import { dns1123SubdomainProblem } from '../core/k8s-names';
import { fail } from '../core/violation';
import { APP_LABELS, MANAGED_BY } from '../core/well-known-keys';

/** The `app.kubernetes.io/component` of a prometheus-adapter configuration (ZD022 reads it). */
export const METRICS_ADAPTER_COMPONENT = 'metrics-adapter-config';

/**
 * Props of PrometheusAdapterConfig.
 */
export interface PrometheusAdapterConfigProps {
  /**
   * The ConfigMap's name: the one the adapter's Deployment mounts as `--config` (seed 004:
   * `custom-metrics-config`).
   * @default 'adapter-config' (the prometheus-adapter Helm chart's)
   */
  readonly name?: string;
  /** The metrics the custom metrics API serves: one rule per metric an HPA names. */
  readonly rules: CustomMetricRule[];
  /**
   * The key of the configuration file in the ConfigMap.
   * @default 'config.yaml'
   */
  readonly fileName?: string;
}

/**
 * The prometheus-adapter configuration that serves an HPA's Pods metrics, as a ConfigMap in the
 * chart's namespace (put the construct in a chart of the adapter's namespace). Without a rule
 * for a metric, the custom metrics API answers 404 for it: the HPA cannot compute that metric,
 * and scales on the others only, never down below what they ask (ZD022 checks every Pods and
 * Object metric has a source).
 */
export class PrometheusAdapterConfig extends Construct {
  /** The ConfigMap. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The metric names served. */
  public readonly metricNames: string[];

  constructor(scope: Construct, id: string, props: PrometheusAdapterConfigProps) {
    super(scope, id);
    const name = props.name ?? 'adapter-config';
    checkValue(this, 'name', name, dns1123SubdomainProblem(name), 'use the ConfigMap name the adapter mounts, such as adapter-config');
    const fileName = props.fileName ?? 'config.yaml';
    if (props.rules.length === 0) {
      fail(this, { prop: 'rules', found: '[]', needed: 'must hold at least one rule', fix: 'add a CustomMetricRule for each metric an HPA names' });
    }
    const seen = new Set<string>();
    for (const rule of props.rules) {
      if (seen.has(rule.metricName)) {
        fail(this, { prop: 'rules', found: JSON.stringify(rule.metricName), needed: 'must name each metric once: the adapter would serve the first rule only', fix: 'remove the second rule for it' });
      }
      seen.add(rule.metricName);
    }
    this.metricNames = [...seen];
    this.configMap = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: {
        name,
        labels: { [APP_LABELS.name]: 'prometheus-adapter', [APP_LABELS.component]: METRICS_ADAPTER_COMPONENT, [APP_LABELS.managedBy]: MANAGED_BY },
      },
      data: { [fileName]: stringify({ rules: props.rules.map((r) => r.toAdapterRule()) }, { lineWidth: 0 }) },
    });
  }
}
