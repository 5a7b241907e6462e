import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { asNumber, asObject, asString, get, JsonObject, objects } from '../model/json';
import { ManifestModel } from '../model/manifest-model';
import { ManifestObject } from '../model/manifest-object';
import { PodSet } from '../model/pod-set';
import { ManifestRule } from '../rule';

/** One path of an Ingress or HTTPRoute and the Service port it sends to. */
interface RoutedPath {
  readonly from: ManifestObject;
  readonly field: string;
  /** Exact, Prefix (element-wise), or RegularExpression. */
  readonly match: 'Exact' | 'Prefix' | 'RegularExpression';
  readonly path: string;
  readonly service: string;
  readonly namespace: string | undefined;
  readonly port: number | string | undefined;
}

/** Where a pod set serves metrics: the container port and the HTTP path. */
interface MetricsEndpoint {
  readonly port: number;
  readonly path: string;
}

const DEFAULT_METRICS_PATH = '/metrics';

/**
 * ZD021: no Ingress or HTTPRoute path reaches a port where the pods serve Prometheus metrics
 * (the `prometheus.io/port` and `prometheus.io/path` annotations, a container port named
 * `metrics`), and no route sends to a Service port named `metrics`. Metrics are for the
 * cluster's Prometheus: in public they show every route, version and load figure, and a
 * scrape-sized response is an easy way to load the pods. A `/` Prefix to the serving port
 * covers `/metrics` when the app serves both on one port. Anchors: the Prometheus security
 * model (exporters and `/metrics` are not meant to be public), the OWASP Kubernetes Top 10
 * (K07: missing network segmentation). A warning, not an error: the controller in front may
 * refuse the path (a server snippet, a WAF rule) where these manifests cannot show it.
 */
export const ZD021_METRICS_NOT_PUBLIC: ManifestRule = {
  id: ZeroDowntimeRule.ZD021,
  severity: FindingSeverity.WARNING,
  summary: 'No Ingress or HTTPRoute path reaches the pods\' metrics endpoint',
  check(model, _context, report) {
    for (const route of routedPaths(model)) {
      const service = model.find('Service', route.namespace, route.service);
      if (!service) continue;
      const servicePort = objects(service.spec.ports).find((p) => (typeof route.port === 'number' ? asNumber(p.port) === route.port : asString(p.name) === route.port))
        ?? (route.port === undefined && objects(service.spec.ports).length === 1 ? objects(service.spec.ports)[0] : undefined);
      if (!servicePort) continue;
      const portLabel = `port ${asString(servicePort.name) ?? asNumber(servicePort.port)}`;
      const targetPort = (servicePort.targetPort as number | string | undefined) ?? asNumber(servicePort.port);
      const where = `path ${route.path} (${route.match}) to Service ${route.service} ${portLabel}`;
      if (asString(servicePort.name) === 'metrics' || targetPort === 'metrics') {
        report.add(route.from, { field: route.field, found: `${where}, a metrics port`, needed: NEEDED, fix: FIX });
        continue;
      }
      for (const podSet of model.podSetsOfService(service)) {
        const containerPort = typeof targetPort === 'string' ? podSet.namedPorts().get(targetPort) : targetPort;
        const endpoint = metricsEndpoints(podSet).find((m) => m.port === containerPort && covers(route, m.path));
        if (!endpoint) continue;
        report.add(route.from, {
          field: route.field,
          found: `${where}, where ${podSet.owner.display} serves ${endpoint.path} on container port ${endpoint.port}`,
          needed: NEEDED,
          fix: FIX,
        });
        break;
      }
    }
  },
};

const NEEDED = 'must not reach the pods\' metrics endpoint: metrics are for the cluster\'s Prometheus, not for the public';
const FIX = 'serve metrics on a port of their own (metricsPort) that no route names, or route only the public paths';

/** Every path of every Ingress (and its default backend) and HTTPRoute, with its backend. */
function routedPaths(model: ManifestModel): RoutedPath[] {
  const out: RoutedPath[] = [];
  for (const ing of model.ofKind('Ingress')) {
    const def = asObject(get(ing.spec, 'defaultBackend', 'service'));
    if (def) out.push(ingressPath(ing, 'spec.defaultBackend', 'Prefix', '/', def));
    objects(ing.spec.rules).forEach((rule, r) => objects(get(rule, 'http', 'paths')).forEach((p, i) => {
      const svc = asObject(get(p, 'backend', 'service'));
      // ImplementationSpecific is a prefix in ingress-nginx and Traefik, the common controllers.
      const match = asString(p.pathType) === 'Exact' ? 'Exact' : 'Prefix';
      if (svc) out.push(ingressPath(ing, `spec.rules[${r}].http.paths[${i}]`, match, asString(p.path) ?? '/', svc));
    }));
  }
  for (const route of model.ofKind('HTTPRoute')) {
    objects(route.spec.rules).forEach((rule, r) => {
      const matches = objects(rule.matches);
      const paths = (matches.length > 0 ? matches : [{}]).map((m) => asObject(m.path) ?? {});
      objects(rule.backendRefs).forEach((b, i) => {
        if ((asString(b.kind) ?? 'Service') !== 'Service' || (asString(b.group) ?? '') !== '') return;
        for (const p of paths) {
          const type = asString(p.type) ?? 'PathPrefix';
          const match = type === 'Exact' ? 'Exact' : type === 'RegularExpression' ? 'RegularExpression' : 'Prefix';
          out.push({
            from: route,
            field: `spec.rules[${r}].backendRefs[${i}]`,
            match,
            path: asString(p.value) ?? '/',
            service: asString(b.name) ?? '',
            namespace: asString(b.namespace) ?? route.namespace,
            port: asNumber(b.port),
          });
        }
      });
    });
  }
  return out;
}

function ingressPath(ing: ManifestObject, field: string, match: 'Exact' | 'Prefix', path: string, svc: JsonObject): RoutedPath {
  const port = asObject(svc.port);
  return { from: ing, field, match, path, service: asString(svc.name) ?? '', namespace: ing.namespace, port: asNumber(port?.number) ?? asString(port?.name) };
}

/** The ports and paths a pod set serves metrics on, from the scrape annotations and a `metrics` port. */
export function metricsEndpoints(podSet: PodSet): MetricsEndpoint[] {
  const out: MetricsEndpoint[] = [];
  const annotations = podSet.podAnnotations;
  const path = annotations['prometheus.io/path'] ?? DEFAULT_METRICS_PATH;
  const annotated = Number(annotations['prometheus.io/port']);
  if (annotations['prometheus.io/scrape'] !== 'false' && Number.isInteger(annotated) && annotated > 0) out.push({ port: annotated, path });
  const named = podSet.namedPorts().get('metrics');
  if (named !== undefined && named !== annotated) out.push({ port: named, path: DEFAULT_METRICS_PATH });
  return out;
}

/** Whether a route's path sends requests for `metricsPath` (Ingress Prefix matches whole path elements). */
function covers(route: RoutedPath, metricsPath: string): boolean {
  if (route.match === 'Exact') return route.path === metricsPath;
  if (route.match === 'RegularExpression') {
    try {
      return new RegExp(`^(?:${route.path})`).test(metricsPath);
    } catch {
      return true;
    }
  }
  const prefix = route.path.replace(/\/+$/, '');
  return prefix === '' || metricsPath === prefix || metricsPath.startsWith(`${prefix}/`);
}
