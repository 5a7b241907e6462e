import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { asNumber, asString, objects } from '../model/json';
import { ManifestRule } from '../rule';

/**
 * ZD020: every Ingress, HTTPRoute, TraefikService and IngressRoute backend names a Service,
 * and a port that Service has; else the route answers 503 (or 404) for all its traffic. A
 * Service absent from the manifest set is a warning; a port it lacks is an error. Anchors: kube-score `ingress-targets-service`, Gateway API
 * `ResolvedRefs` condition (BackendNotFound), Traefik "service not found" errors.
 */
export const ZD020_TRAFFIC_BACKENDS_EXIST: ManifestRule = {
  id: ZeroDowntimeRule.ZD020,
  severity: FindingSeverity.ERROR,
  summary: 'Every Ingress, route and Traefik backend names a Service and port that exist',
  check(model, _context, report) {
    for (const ref of model.trafficReferences()) {
      const service = model.find('Service', ref.namespace, ref.name);
      if (!service) {
        report.add(ref.from, {
          field: ref.field,
          found: `Service ${ref.name}${ref.namespace !== ref.from.namespace ? ` in ${ref.namespace}` : ''}`,
          needed: 'must name a Service; none is in these manifests, so unless it exists in the cluster every request on this route fails',
          severity: FindingSeverity.WARNING,
          fix: `add Service ${ref.name}, or correct the backend name`,
        });
        continue;
      }
      if (ref.port === undefined) continue;
      const ports = objects(service.spec.ports);
      const matches = ports.some((p) => (typeof ref.port === 'number' ? asNumber(p.port) === ref.port : asString(p.name) === ref.port));
      if (matches) continue;
      report.add(ref.from, {
        field: ref.field,
        found: `port ${ref.port} of Service ${ref.name} (which has ${ports.map((p) => asString(p.name) ?? String(p.port)).join(', ') || 'no ports'})`,
        needed: 'must name a port the Service exposes',
        fix: 'use one of the Service\'s port numbers or names',
      });
    }
  },
};
