import { k8s } from 'cdk8s-plus-27';

/**
 * Container resources an HPA can scale on.
 */
export enum ScalingResource {
  /** CPU. */
  CPU = 'cpu',
  /** Memory. */
  MEMORY = 'memory',
}

/**
 * The cluster add-on a metric needs (documented; not installed by this library).
 */
export enum MetricSource {
  /** metrics-server: Resource and ContainerResource metrics. */
  METRICS_SERVER = 'metrics-server',
  /** A custom metrics adapter such as prometheus-adapter: Pods and Object metrics. */
  CUSTOM_METRICS_ADAPTER = 'custom-metrics-adapter',
  /** An external metrics adapter (prometheus-adapter, KEDA): External metrics. */
  EXTERNAL_METRICS_ADAPTER = 'external-metrics-adapter',
}

/**
 * An object an Object metric describes.
 */
export interface DescribedObject {
  /** API version of the object. */
  readonly apiVersion: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Name of the object. */
  readonly name: string;
}

/**
 * One HPA v2 metric with its target.
 */
export class ScalingMetric {
  /** Average CPU utilisation across pods, in percent of the requests (seed 000: 65). */
  public static cpuUtilization(percent: number): ScalingMetric {
    return ScalingMetric.resourceUtilization(ScalingResource.CPU, percent);
  }

  /** Average memory utilisation across pods, in percent of the requests (seed 000: 70). */
  public static memoryUtilization(percent: number): ScalingMetric {
    return ScalingMetric.resourceUtilization(ScalingResource.MEMORY, percent);
  }

  /** Average utilisation of a resource across pods, in percent of the requests. */
  public static resourceUtilization(resource: ScalingResource, percent: number): ScalingMetric {
    return new ScalingMetric('Resource', MetricSource.METRICS_SERVER, { utilization: percent, resource }, {
      type: 'Resource',
      resource: { name: resource, target: { type: 'Utilization', averageUtilization: percent } },
    });
  }

  /** Utilisation of a resource in one container of each pod (ignores sidecars). */
  public static containerResourceUtilization(container: string, resource: ScalingResource, percent: number): ScalingMetric {
    return new ScalingMetric('ContainerResource', MetricSource.METRICS_SERVER, { utilization: percent, resource, container }, {
      type: 'ContainerResource',
      containerResource: { container, name: resource, target: { type: 'Utilization', averageUtilization: percent } },
    });
  }

  /**
   * A per-pod custom metric averaged across pods (seed 004: `api_gateway_requests_per_second`
   * averaging 100; seed 002: active sockets).
   */
  public static podsAverage(metricName: string, averageValue: string): ScalingMetric {
    return new ScalingMetric('Pods', MetricSource.CUSTOM_METRICS_ADAPTER, { metricName, quantity: averageValue }, {
      type: 'Pods',
      pods: { metric: { name: metricName }, target: { type: 'AverageValue', averageValue: k8s.Quantity.fromString(averageValue) } },
    });
  }

  /** A metric of another object (an Ingress's requests per second), compared as a total value. */
  public static objectValue(metricName: string, describedObject: DescribedObject, value: string): ScalingMetric {
    return new ScalingMetric('Object', MetricSource.CUSTOM_METRICS_ADAPTER, { metricName, quantity: value }, {
      type: 'Object',
      object: { describedObject, metric: { name: metricName }, target: { type: 'Value', value: k8s.Quantity.fromString(value) } },
    });
  }

  /**
   * A metric from outside the cluster (seed 002: Kafka consumer lag), averaged per pod. Needs an
   * external metrics adapter; KedaScaling is the event-driven alternative.
   */
  public static externalAverage(metricName: string, averageValue: string, selector?: { [label: string]: string }): ScalingMetric {
    return new ScalingMetric('External', MetricSource.EXTERNAL_METRICS_ADAPTER, { metricName, quantity: averageValue }, {
      type: 'External',
      external: {
        metric: { name: metricName, selector: selector ? { matchLabels: selector } : undefined },
        target: { type: 'AverageValue', averageValue: k8s.Quantity.fromString(averageValue) },
      },
    });
  }

  private constructor(
    /** The HPA metric type (`Resource`, `ContainerResource`, `Pods`, `Object`, `External`). */
    public readonly metricType: string,
    /** The add-on the cluster needs for this metric. */
    public readonly source: MetricSource,
    private readonly details: MetricDetails,
    private readonly spec: k8s.MetricSpecV2,
  ) {}

  /** The resource a utilisation target reads, if any. */
  public get resource(): ScalingResource | undefined {
    return this.details.resource;
  }

  /** The target utilisation in percent, for utilisation metrics. */
  public get utilization(): number | undefined {
    return this.details.utilization;
  }

  /** The custom or external metric's name, if any. */
  public get metricName(): string | undefined {
    return this.details.metricName;
  }

  /** The target quantity of value metrics. */
  public get quantity(): string | undefined {
    return this.details.quantity;
  }

  /** The container a ContainerResource metric reads. */
  public get container(): string | undefined {
    return this.details.container;
  }

  /** The HPA `metrics[]` entry. */
  public toMetricSpec(): k8s.MetricSpecV2 {
    return this.spec;
  }
}

interface MetricDetails {
  readonly resource?: ScalingResource;
  readonly utilization?: number;
  readonly metricName?: string;
  readonly quantity?: string;
  readonly container?: string;
}
