import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { apiObjectKey, renderedObjectKey } from './object-key';

/**
 * The phases objects are applied in. `kubectl apply -f` creates objects in file order, so a
 * chart's manifest lists them phase by phase: the Namespace before anything in it, policies and
 * identities before the pods that need them, configuration before the pods that read it,
 * migrations before the workloads that need the new schema, and what points at a workload
 * (Services, autoscalers, routes, monitors) after it (seed 000: configmap, deployment, service, hpa).
 */
export enum ApplyPhase {
  /** Namespaces. */
  NAMESPACE = 0,
  /** ResourceQuotas, LimitRanges, NetworkPolicies. */
  POLICY = 1,
  /** ServiceAccounts, Roles, RoleBindings. */
  IDENTITY = 2,
  /** ConfigMaps, Secrets, ExternalSecrets. */
  CONFIGURATION = 3,
  /** PersistentVolumeClaims. */
  STORAGE = 4,
  /** Jobs that must finish before the rollout (migrations). */
  PRE_ROLLOUT = 5,
  /** Argo Rollouts AnalysisTemplates the workloads refer to. */
  ANALYSIS = 6,
  /** Deployments, Rollouts, StatefulSets, DaemonSets. */
  WORKLOAD = 7,
  /** Services. */
  SERVICE = 8,
  /** PodDisruptionBudgets, HPAs, VPAs, ScaledObjects. */
  SCALING = 9,
  /** Ingresses, HTTPRoutes, Traefik objects. */
  TRAFFIC = 10,
  /** ServiceMonitors, PodMonitors, PrometheusRules. */
  MONITORING = 11,
  /** Jobs and CronJobs that run against what is deployed (smoke tests, backups), and other kinds. */
  POST_ROLLOUT = 12,
}

const PHASE_OF_KIND: { [kind: string]: ApplyPhase } = {
  Namespace: ApplyPhase.NAMESPACE,
  ResourceQuota: ApplyPhase.POLICY,
  LimitRange: ApplyPhase.POLICY,
  NetworkPolicy: ApplyPhase.POLICY,
  ServiceAccount: ApplyPhase.IDENTITY,
  Role: ApplyPhase.IDENTITY,
  RoleBinding: ApplyPhase.IDENTITY,
  ConfigMap: ApplyPhase.CONFIGURATION,
  Secret: ApplyPhase.CONFIGURATION,
  ExternalSecret: ApplyPhase.CONFIGURATION,
  PersistentVolumeClaim: ApplyPhase.STORAGE,
  AnalysisTemplate: ApplyPhase.ANALYSIS,
  Deployment: ApplyPhase.WORKLOAD,
  Rollout: ApplyPhase.WORKLOAD,
  StatefulSet: ApplyPhase.WORKLOAD,
  DaemonSet: ApplyPhase.WORKLOAD,
  Service: ApplyPhase.SERVICE,
  PodDisruptionBudget: ApplyPhase.SCALING,
  HorizontalPodAutoscaler: ApplyPhase.SCALING,
  VerticalPodAutoscaler: ApplyPhase.SCALING,
  ScaledObject: ApplyPhase.SCALING,
  Ingress: ApplyPhase.TRAFFIC,
  HTTPRoute: ApplyPhase.TRAFFIC,
  TraefikService: ApplyPhase.TRAFFIC,
  IngressRoute: ApplyPhase.TRAFFIC,
  Middleware: ApplyPhase.TRAFFIC,
  ServiceMonitor: ApplyPhase.MONITORING,
  PodMonitor: ApplyPhase.MONITORING,
  PrometheusRule: ApplyPhase.MONITORING,
};

const ORDERS = new WeakMap<Chart, ApplyOrder>();
const PLACED = new WeakMap<ApiObject, ApplyPhase>();

/** The phase of a rendered object by its kind. */
export function phaseOfKind(kind: string): ApplyPhase {
  return PHASE_OF_KIND[kind] ?? ApplyPhase.POST_ROLLOUT;
}

/**
 * Orders the objects of a chart so that `kubectl apply -f` accepts its manifest in one pass:
 * by ApplyPhase, and within a phase in the order cdk8s renders them (definition order, or
 * your own dependencies). The order is a stable sort of the chart's rendered objects, applied
 * to what `chart.toJson()` returns (and so to `app.synth()` and `Testing.synth()`): no cdk8s
 * dependency is added, so it costs one sort however large the chart. Every construct of this
 * library calls `ApplyOrder.of(this)`; call it yourself for charts of your own objects.
 */
export class ApplyOrder {
  /**
   * The apply order of the chart a construct belongs to, created on first use.
   */
  public static of(scope: IConstruct): ApplyOrder {
    const chart = Chart.of(scope);
    let order = ORDERS.get(chart);
    if (!order) {
      order = new ApplyOrder(chart);
      ORDERS.set(chart, order);
    }
    return order;
  }

  /** The phase an object is applied in: its own placement, else its kind's. */
  public static phaseOf(obj: ApiObject): ApplyPhase {
    return PLACED.get(obj) ?? phaseOfKind(obj.kind);
  }

  private readonly placed = new Map<string, ApplyPhase>();

  private constructor(chart: Chart) {
    // cdk8s has no hook between rendering and writing: wrap this chart's toJson, which every
    // synth path calls (app.synth, Testing.synth, chart.toJson), and sort what it returns.
    const render = chart.toJson.bind(chart);
    Object.defineProperty(chart, 'toJson', {
      value: () => this.sort(render()),
      configurable: true,
      writable: true,
    });
  }

  /**
   * Places one object in a phase other than its kind's (a migration Job before the workloads).
   */
  public place(obj: ApiObject, phase: ApplyPhase): void {
    PLACED.set(obj, phase);
    this.placed.set(apiObjectKey(obj), phase);
  }

  private sort(objects: unknown[]): unknown[] {
    return objects
      .map((obj, index) => ({ obj, index, phase: this.phaseOfRendered(obj) }))
      .sort((a, b) => a.phase - b.phase || a.index - b.index)
      .map((e) => e.obj);
  }

  private phaseOfRendered(obj: unknown): ApplyPhase {
    if (this.placed.size > 0) {
      const placed = this.placed.get(renderedObjectKey(obj));
      if (placed !== undefined) return placed;
    }
    return phaseOfKind((obj as { kind?: string } | undefined)?.kind ?? '');
  }
}
