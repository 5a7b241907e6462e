import { ZeroDowntimeRule } from '../../core/rule-id';
import { Violation } from '../../core/violation';
import { FindingSeverity } from '../finding';
import { requestedResources } from '../model/container-facts';
import { asObject, asString, get, objects, show } from '../model/json';
import { detailFromViolation, ManifestRule } from '../rule';

/**
 * ZD005: a utilisation target is a percentage of the requests; a container without a request
 * for that resource leaves the HPA without a denominator, and it stops scaling.
 */
export function checkUtilizationRequests(resource: string, requested: readonly string[], containers: readonly string[]): Violation | undefined {
  if (requested.includes(resource)) return undefined;
  return {
    rule: ZeroDowntimeRule.ZD005,
    prop: 'metrics',
    found: `${resource} utilization on containers ${containers.join(', ')} without ${resource} requests`,
    needed: `needs a ${resource} request on every container of the target`,
    fix: `set ${resource} requests on the workload, or scale on an AverageValue target instead`,
  };
}

/**
 * ZD005 over manifests: a workload an HPA or ScaledObject manages omits spec.replicas (each
 * apply would otherwise reset the live scale), and a Utilization target has a request for its
 * resource on every container. Anchors: Kubernetes HPA docs "Migrating Deployments and
 * StatefulSets to horizontal autoscaling", Polaris `cpuRequestsMissing` and
 * `memoryRequestsMissing`.
 */
export const ZD005_AUTOSCALED_WORKLOAD: ManifestRule = {
  id: ZeroDowntimeRule.ZD005,
  severity: FindingSeverity.ERROR,
  summary: 'An autoscaled workload omits spec.replicas; utilisation targets need requests',
  check(model, _context, report) {
    for (const podSet of model.podSets) {
      const scalers = model.scalersOf(podSet);
      if (scalers.length === 0) continue;
      if (podSet.replicasWritten) {
        report.add(podSet.owner, {
          field: 'spec.replicas',
          found: show(podSet.owner.spec.replicas),
          needed: `must be omitted while ${scalers.map((s) => s.object.display).join(' and ')} manages the scale: every apply resets the live replica count`,
          fix: 'remove spec.replicas from the workload',
        });
      }
      for (const scaler of scalers.filter((s) => s.object.kind === 'HorizontalPodAutoscaler')) {
        objects(scaler.object.spec.metrics).forEach((metric, i) => {
          const resource = asObject(metric.resource) ?? asObject(metric.containerResource);
          if (asString(get(resource, 'target', 'type')) !== 'Utilization') return;
          const name = asString(resource?.name) ?? '';
          const containers = podSet.containers();
          const missing = containers.filter((c) => !requestedResources(c.raw).includes(name));
          if (missing.length === 0) return;
          const violation = checkUtilizationRequests(name, [], missing.map((c) => c.name));
          if (violation) report.add(scaler.object, detailFromViolation(violation, `spec.metrics[${i}].resource.target`));
        });
      }
    }
  },
};
