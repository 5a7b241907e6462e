import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { ManifestRule } from '../rule';

/**
 * ZD016: in production a Service reaches at least 2 pods at the minimum scale of the pod sets
 * it selects, so one node failure or eviction does not take it down. Preview and canary
 * Services (named `*-preview`, `*-canary`) are exempt while they carry test traffic only; a
 * canary Service that a weighted route (Ingress canary weight, HTTPRoute, TraefikService)
 * gives a share of live traffic is not: with one pod, a node drain leaves that share with no
 * endpoint (the cluster rehearsal saw it). Anchors: Polaris `deploymentMissingReplicas`.
 */
export const ZD016_PRODUCTION_SERVICE_REDUNDANCY: ManifestRule = {
  id: ZeroDowntimeRule.ZD016,
  severity: FindingSeverity.ERROR,
  summary: 'A production Service reaches at least 2 pods',
  check(model, context, report) {
    const live = new Set(model.trafficReferences().filter((r) => (r.weight ?? 1) > 0).map((r) => `${r.namespace ?? ''}/${r.name}`));
    for (const service of model.ofKind('Service')) {
      if (!context.isProduction(service)) continue;
      if (/(^|-)(preview|canary)$/.test(service.name) && !live.has(`${service.namespace ?? ''}/${service.name}`)) continue;
      const podSets = model.podSetsOfService(service);
      if (podSets.length === 0 || podSets.some((p) => p.owner.kind === 'DaemonSet')) continue;
      const pods = podSets.reduce((sum, p) => sum + (model.minimumReplicas(p) ?? 0), 0);
      if (pods >= 2) continue;
      report.add(service, {
        field: 'spec.selector',
        found: `${pods} pod${pods === 1 ? '' : 's'} at the minimum (${podSets.map((p) => `${p.owner.display}: ${model.minimumReplicas(p) ?? 0}`).join(', ')})`,
        needed: 'must reach at least 2 pods in production, or one eviction or node failure takes the Service down',
        fix: 'run at least 2 replicas (or an autoscaler minimum of 2) behind the Service',
      });
    }
  },
};
