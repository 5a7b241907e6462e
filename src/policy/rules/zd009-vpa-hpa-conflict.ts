import { ZeroDowntimeRule } from '../../core/rule-id';
import { Violation } from '../../core/violation';
import { FindingSeverity } from '../finding';
import { asString, get, objects } from '../model/json';
import { detailFromViolation, ManifestRule } from '../rule';

/**
 * ZD009: a VPA that applies recommendations (Auto, Recreate) changes the requests an HPA's
 * utilisation is measured against, and evicts pods while the HPA adds them: the two fight.
 */
export function checkVpaHpaConflict(updateMode: string, vpaResources: readonly string[], hpaResources: readonly string[]): Violation | undefined {
  if (updateMode !== 'Auto' && updateMode !== 'Recreate') return undefined;
  const shared = vpaResources.filter((r) => hpaResources.includes(r));
  if (shared.length === 0) return undefined;
  return {
    rule: ZeroDowntimeRule.ZD009,
    prop: 'verticalScaling.updateMode',
    found: `${updateMode} on ${shared.join(', ')}`,
    needed: `must be Off or Initial while the HPA scales on ${shared.join(', ')}`,
    fix: 'use VpaUpdateMode.OFF (recommendations only), or scale the HPA on another metric',
  };
}

/**
 * ZD009 over manifests: a VPA in Auto or Recreate mode on a workload an HPA scales on the same
 * resource. Anchors: the Kubernetes autoscaler's VPA "Known limitations" (do not use it
 * with an HPA on CPU or memory).
 */
export const ZD009_VPA_HPA_CONFLICT: ManifestRule = {
  id: ZeroDowntimeRule.ZD009,
  severity: FindingSeverity.ERROR,
  summary: 'A VPA that evicts pods never controls a resource an HPA scales on',
  check(model, _context, report) {
    for (const podSet of model.podSets) {
      const hpaResources = model.scalersOf(podSet).filter((s) => s.object.kind === 'HorizontalPodAutoscaler')
        .flatMap((s) => objects(s.object.spec.metrics).map((m) => asString(get(m, 'resource', 'name')) ?? asString(get(m, 'containerResource', 'name'))))
        .filter((r): r is string => r !== undefined);
      if (hpaResources.length === 0) continue;
      for (const vpa of model.verticalScalersOf(podSet)) {
        const mode = asString(get(vpa.spec, 'updatePolicy', 'updateMode')) ?? 'Auto';
        const policies = objects(get(vpa.spec, 'resourcePolicy', 'containerPolicies'));
        const controlled = policies.length === 0 ? ['cpu', 'memory'] : [...new Set(policies.flatMap((p) => (Array.isArray(p.controlledResources) ? p.controlledResources.map(String) : ['cpu', 'memory'])))];
        const violation = checkVpaHpaConflict(mode, controlled, hpaResources);
        if (violation) report.add(vpa, { ...detailFromViolation(violation, 'spec.updatePolicy.updateMode'), fix: 'set updateMode to "Off" (recommendations only) or "Initial", or scale the HPA on another metric' });
      }
    }
  },
};
