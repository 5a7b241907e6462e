import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { LabelSelector } from '../model/label-selector';
import { ManifestRule } from '../rule';

const IDLE_ALLOWED = /(^|-)(preview|canary)$/;

/**
 * ZD006: a Service with a selector reaches a pod template in the manifests, and not only
 * workloads at 0 replicas (a blue/green flip to an idle colour drops all traffic). A preview
 * or canary Service (named `*-preview` or `*-canary`, or an Argo Rollout's preview or canary
 * Service) may select idle pods, unless a route sends it a share of traffic (a Traefik or
 * Gateway API weight above 0, an ingress-nginx canary-weight above 0).
 * A selector that matches no template is a warning: the pods may come from elsewhere.
 * Anchors: kube-score `service-targets-pod`, kube-linter `dangling-service`.
 */
export const ZD006_SERVICE_SELECTS_RUNNING_PODS: ManifestRule = {
  id: ZeroDowntimeRule.ZD006,
  severity: FindingSeverity.ERROR,
  summary: 'A Service selects pods that run (not only workloads at 0 replicas, unless it is a preview)',
  check(model, _context, report) {
    const idleAllowed = new Set(model.ofKind('Rollout').flatMap((r) => model.rolloutServices(r).filter((s) => s.role === 'previewService' || s.role === 'canaryService').map((s) => `${s.namespace}/${s.name}`)));
    const weighted = new Map<string, string>();
    for (const ref of model.trafficReferences()) {
      if ((ref.weight ?? 1) > 0) weighted.set(`${ref.namespace}/${ref.name}`, `${ref.from.display} ${ref.field} (weight ${ref.weight ?? 1})`);
    }
    for (const service of model.ofKind('Service')) {
      const selector = LabelSelector.fromMap(service.spec.selector);
      if (selector === undefined || service.spec.type === 'ExternalName') continue;
      const podSets = model.podSetsOfService(service);
      const written = selector.toString();
      if (podSets.length === 0) {
        if (selector.isEmpty) continue;
        report.add(service, {
          field: 'spec.selector',
          found: written,
          needed: 'matches no pod template in these manifests, so the Service has no endpoints unless pods come from elsewhere',
          fix: 'make the selector match the labels of the workload\'s pod template',
          severity: FindingSeverity.WARNING,
        });
        continue;
      }
      const running = podSets.filter((p) => (model.minimumReplicas(p) ?? 1) > 0);
      if (running.length > 0) continue;
      const key = `${service.namespace}/${service.name}`;
      const route = weighted.get(key);
      if (route === undefined && (IDLE_ALLOWED.test(service.name) || idleAllowed.has(key))) continue;
      report.add(service, {
        field: 'spec.selector',
        found: `${written}, selecting only ${podSets.map((p) => `${p.owner.display} (0 replicas)`).join(', ')}${route ? `, while ${route} sends it traffic` : ''}`,
        needed: 'must select pods that run: the Service has no endpoints and drops all traffic',
        fix: 'scale the selected colour up and let it become ready before pointing the Service at it, or point the Service back at the running colour',
      });
    }
  },
};
