import { asNumber, asObject, asString, get, JsonObject, objects } from './json';
import { LabelSelector } from './label-selector';
import { apiGroup, ManifestObject, ObjectRef } from './manifest-object';
import { PodSet } from './pod-set';

/** An autoscaler (HPA or KEDA ScaledObject) and the bounds it keeps a workload in. */
export interface Scaler {
  /** The HorizontalPodAutoscaler or ScaledObject. */
  readonly object: ManifestObject;
  /** Its minimum replica count (HPA default 1, KEDA default 0). */
  readonly min: number;
  /** Its maximum replica count. */
  readonly max?: number;
}

/** A reference from a traffic object (Ingress, route, Rollout) to a Service by name and port. */
export interface ServiceReference {
  /** The object holding the reference. */
  readonly from: ManifestObject;
  /** The field path of the reference. */
  readonly field: string;
  /** The Service name. */
  readonly name: string;
  /** The namespace the Service is looked up in. */
  readonly namespace?: string;
  /** The port, by number or name, when the reference names one. */
  readonly port?: number | string;
  /** The share of traffic the reference sends (a weight, or 0 for an ingress-nginx canary at weight 0). @default 1 */
  readonly weight?: number;
}

/** One object to model, and where it came from. */
export interface ManifestInput {
  /** The object as plain JSON. */
  readonly object: unknown;
  /** A file or construct path. */
  readonly source?: string;
}

/** Options for reading a manifest set. */
export interface ManifestModelOptions {
  /** The namespace of objects without one. @default 'default' */
  readonly defaultNamespace?: string;
}

const SCALE_TARGET_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout'];

/**
 * The objects of a manifest set and the relations between them that the rules need: which
 * pods a Service, a budget or an autoscaler reaches, which Services traffic objects point at.
 * Built from plain Kubernetes objects, whatever rendered them.
 */
export class ManifestModel {
  /** Builds the model from plain objects (`chart.toJson()`, parsed YAML documents). */
  public static build(raws: readonly ManifestInput[], options: ManifestModelOptions = {}): ManifestModel {
    const ns = options.defaultNamespace ?? 'default';
    const objs: ManifestObject[] = [];
    raws.forEach((r, i) => {
      const o = ManifestObject.from(r.object, ns, r.source, i);
      if (o) objs.push(o);
    });
    return new ManifestModel(objs);
  }

  /** Whether a workload may be the target of an autoscaler. */
  public static isScalable(kind: string): boolean {
    return SCALE_TARGET_KINDS.includes(kind);
  }

  /** Every Kubernetes object of the set, in input order. */
  public readonly objects: readonly ManifestObject[];
  /** Every pod set (workload pod templates), in input order. */
  public readonly podSets: readonly PodSet[];
  private readonly byKindIndex = new Map<string, ManifestObject[]>();
  private readonly byName = new Map<string, ManifestObject[]>();
  private readonly memo = new Map<string, unknown>();
  /** Long-running pod sets by `namespace|key=value` of each pod label, to find selector matches without a scan. */
  private readonly byPodLabel = new Map<string, PodSet[]>();
  /** Long-running pod sets by namespace, for selectors with no matchLabels. */
  private readonly byNamespace = new Map<string, PodSet[]>();

  private constructor(objs: ManifestObject[]) {
    this.objects = objs;
    for (const o of objs) {
      push(this.byKindIndex, o.kind, o);
      push(this.byName, key(o.kind, o.namespace, o.name), o);
    }
    this.podSets = objs
      .map((o) => PodSet.of(o, (ref) => this.find(asString(ref.kind) ?? 'Deployment', o.namespace, asString(ref.name) ?? '')))
      .filter((p): p is PodSet => p !== undefined);
    // A Deployment that only lends its template to a Rollout's workloadRef runs no pods of its own.
    const templateSources = new Set(this.ofKind('Rollout').map((r) => {
      const ref = asObject(r.spec.workloadRef);
      return ref ? this.find(asString(ref.kind) ?? 'Deployment', r.namespace, asString(ref.name) ?? '') : undefined;
    }));
    for (const p of this.podSets) {
      if (!p.longRunning || templateSources.has(p.owner)) continue;
      push(this.byNamespace, p.owner.namespace ?? '', p);
      for (const [k, v] of Object.entries(p.podLabels)) push(this.byPodLabel, `${p.owner.namespace ?? ''}|${k}=${v}`, p);
    }
  }

  /** Every object of a kind. */
  public ofKind(kind: string): readonly ManifestObject[] {
    return this.byKindIndex.get(kind) ?? [];
  }

  /** The first object of a kind, namespace and name. */
  public find(kind: string, namespace: string | undefined, name: string): ManifestObject | undefined {
    return this.byName.get(key(kind, namespace, name))?.[0];
  }

  /** Every object with the same group, kind, namespace and name as another. */
  public duplicates(): ManifestObject[][] {
    const groups = new Map<string, ManifestObject[]>();
    for (const o of this.objects) {
      if (!o.name) continue;
      push(groups, `${apiGroup(o.ref.apiVersion)}|${key(o.kind, o.namespace, o.name)}`, o);
    }
    return [...groups.values()].filter((g) => g.length > 1);
  }

  /** The long-running pod sets of a namespace whose pod labels a selector matches. */
  public podSetsSelected(selector: LabelSelector | undefined, namespace: string | undefined): PodSet[] {
    if (!selector || selector.isEmpty) return [];
    const ns = namespace ?? '';
    // Candidates: the pod sets holding the rarest of the selector's labels, else the namespace's.
    let candidates = this.byNamespace.get(ns) ?? [];
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      const holding = this.byPodLabel.get(`${ns}|${k}=${v}`) ?? [];
      if (holding.length < candidates.length) candidates = holding;
      if (candidates.length === 0) break;
    }
    return candidates.filter((p) => selector.matches(p.podLabels));
  }

  /** Services (with a selector) that select a pod set's pods. */
  public servicesSelecting(podSet: PodSet): ManifestObject[] {
    const inverted = this.cached('servicesByPodSet', () => this.invert(this.ofKind('Service'), (s) => this.podSetsOfService(s)));
    return inverted.get(podSet) ?? [];
  }

  /** The pod sets a Service sends traffic to. */
  public podSetsOfService(service: ManifestObject): PodSet[] {
    return this.cached(`pods:${service.index}`, () => this.podSetsSelected(LabelSelector.fromMap(service.spec.selector), service.namespace));
  }

  /** PodDisruptionBudgets whose selector matches a pod set's pods. */
  public budgetsOf(podSet: PodSet): ManifestObject[] {
    const inverted = this.cached('budgetsByPodSet', () => this.invert(this.ofKind('PodDisruptionBudget'),
      (b) => this.podSetsSelected(LabelSelector.fromSelector(b.spec.selector), b.namespace)));
    return inverted.get(podSet) ?? [];
  }

  /** HPAs and KEDA ScaledObjects whose target is a pod set's workload. */
  public scalersOf(podSet: PodSet): Scaler[] {
    const byTarget = this.cached('scalers', () => {
      const map = new Map<ManifestObject, Scaler[]>();
      for (const hpa of this.ofKind('HorizontalPodAutoscaler')) {
        const target = this.targets(hpa, asObject(hpa.spec.scaleTargetRef), 'Deployment');
        if (target) push(map, target, { object: hpa, min: asNumber(hpa.spec.minReplicas) ?? 1, max: asNumber(hpa.spec.maxReplicas) });
      }
      for (const so of this.ofKind('ScaledObject')) {
        const target = this.targets(so, asObject(so.spec.scaleTargetRef), 'Deployment');
        if (target) push(map, target, { object: so, min: asNumber(so.spec.minReplicaCount) ?? 0, max: asNumber(so.spec.maxReplicaCount) });
      }
      return map;
    });
    return byTarget.get(podSet.owner) ?? [];
  }

  /** VerticalPodAutoscalers whose target is a pod set's workload. */
  public verticalScalersOf(podSet: PodSet): ManifestObject[] {
    const byTarget = this.cached('vpas', () => {
      const map = new Map<ManifestObject, ManifestObject[]>();
      for (const v of this.ofKind('VerticalPodAutoscaler')) {
        const target = this.targets(v, asObject(v.spec.targetRef), 'Deployment');
        if (target) push(map, target, v);
      }
      return map;
    });
    return byTarget.get(podSet.owner) ?? [];
  }

  /**
   * The object a `scaleTargetRef`/`targetRef` names, in the referring object's namespace (an
   * autoscaler cannot reach across namespaces).
   */
  public targets(from: ManifestObject, ref: JsonObject | undefined, defaultKind: string): ManifestObject | undefined {
    if (!ref) return undefined;
    const kind = asString(ref.kind) ?? defaultKind;
    return this.find(kind, from.namespace, asString(ref.name) ?? '');
  }

  /** The lowest replica count a pod set runs at: its autoscaler's minimum, else its replicas. */
  public minimumReplicas(podSet: PodSet): number | undefined {
    const scalers = this.scalersOf(podSet);
    if (scalers.length > 0) return Math.min(...scalers.map((s) => s.min));
    return podSet.replicas;
  }

  /** The Services an Argo Rollout names in its strategy, with their role. */
  public rolloutServices(rollout: ManifestObject): Array<ServiceReference & { readonly role: string }> {
    const out: Array<ServiceReference & { readonly role: string }> = [];
    for (const [strategy, roles] of [['blueGreen', ['activeService', 'previewService']], ['canary', ['stableService', 'canaryService']]] as const) {
      const s = asObject(get(rollout.spec, 'strategy', strategy));
      if (!s) continue;
      for (const role of roles) {
        const name = asString(s[role]);
        if (name) out.push({ from: rollout, field: `spec.strategy.${strategy}.${role}`, name, namespace: rollout.namespace, role });
      }
    }
    return out;
  }

  /** Every reference from an Ingress, HTTPRoute, TraefikService or IngressRoute to a Service. */
  public trafficReferences(): ServiceReference[] {
    return this.cached('traffic', () => {
      const out: ServiceReference[] = [];
      for (const ing of this.ofKind('Ingress')) {
        // An ingress-nginx canary Ingress sends only its canary-weight share.
        const canary = ing.annotations['nginx.ingress.kubernetes.io/canary'] === 'true';
        const weight = canary ? Number(ing.annotations['nginx.ingress.kubernetes.io/canary-weight'] ?? '0') || 0 : 1;
        const def = asObject(get(ing.spec, 'defaultBackend', 'service'));
        if (def) out.push(ingressBackend(ing, def, 'spec.defaultBackend.service', weight));
        objects(ing.spec.rules).forEach((rule, r) => objects(get(rule, 'http', 'paths')).forEach((p, i) => {
          const svc = asObject(get(p, 'backend', 'service'));
          if (svc) out.push(ingressBackend(ing, svc, `spec.rules[${r}].http.paths[${i}].backend.service`, weight));
        }));
      }
      for (const kind of ['HTTPRoute', 'GRPCRoute']) {
        for (const route of this.ofKind(kind)) {
          objects(route.spec.rules).forEach((rule, r) => objects(rule.backendRefs).forEach((b, i) => {
            if ((asString(b.kind) ?? 'Service') !== 'Service' || (asString(b.group) ?? '') !== '') return;
            out.push({ from: route, field: `spec.rules[${r}].backendRefs[${i}]`, name: asString(b.name) ?? '', namespace: asString(b.namespace) ?? route.namespace, port: portValue(b.port), weight: asNumber(b.weight) ?? 1 });
          }));
        }
      }
      for (const ts of this.ofKind('TraefikService')) {
        objects(get(ts.spec, 'weighted', 'services')).forEach((s, i) => {
          if ((asString(s.kind) ?? 'Service') !== 'Service') return;
          out.push({ from: ts, field: `spec.weighted.services[${i}]`, name: asString(s.name) ?? '', namespace: asString(s.namespace) ?? ts.namespace, port: portValue(s.port), weight: asNumber(s.weight) ?? 1 });
        });
      }
      for (const ir of this.ofKind('IngressRoute')) {
        objects(ir.spec.routes).forEach((route, r) => objects(route.services).forEach((s, i) => {
          if ((asString(s.kind) ?? 'Service') !== 'Service') return;
          out.push({ from: ir, field: `spec.routes[${r}].services[${i}]`, name: asString(s.name) ?? '', namespace: asString(s.namespace) ?? ir.namespace, port: portValue(s.port) });
        }));
      }
      return out;
    });
  }

  /** The ObjectRef of every Namespace object in the set, by name. */
  public namespaceObject(name: string | undefined): ManifestObject | undefined {
    return name === undefined ? undefined : this.find('Namespace', undefined, name);
  }

  /** For each pod set, the objects whose selection reaches it. */
  private invert(selecting: readonly ManifestObject[], select: (o: ManifestObject) => PodSet[]): Map<PodSet, ManifestObject[]> {
    const map = new Map<PodSet, ManifestObject[]>();
    for (const o of selecting) for (const p of select(o)) push(map, p, o);
    return map;
  }

  private cached<T>(k: string, compute: () => T): T {
    if (!this.memo.has(k)) this.memo.set(k, compute());
    return this.memo.get(k) as T;
  }
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v); else map.set(k, [v]);
}

function portValue(value: unknown): number | string | undefined {
  return asNumber(value) ?? asString(value);
}

function ingressBackend(ing: ManifestObject, svc: JsonObject, field: string, weight: number): ServiceReference {
  const port = asObject(svc.port);
  return { from: ing, field, name: asString(svc.name) ?? '', namespace: ing.namespace, port: asNumber(port?.number) ?? asString(port?.name), weight };
}

/** Re-exported for rules: an object reference of a model object. */
export type { ObjectRef };
