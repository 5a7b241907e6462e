import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { ManifestRule } from '../rule';

/**
 * ZD013: one workload, one horizontal autoscaler. Two HPAs, or an HPA beside a KEDA
 * ScaledObject (which creates an HPA of its own), fight over spec.replicas. Anchors: KEDA's
 * documentation (do not combine a ScaledObject with an HPA on the same workload).
 */
export const ZD013_ONE_AUTOSCALER: ManifestRule = {
  id: ZeroDowntimeRule.ZD013,
  severity: FindingSeverity.ERROR,
  summary: 'One workload has one horizontal autoscaler',
  check(model, _context, report) {
    for (const podSet of model.podSets) {
      const scalers = model.scalersOf(podSet);
      if (scalers.length < 2) continue;
      report.add(podSet.owner, {
        field: 'spec.replicas',
        found: `scaled by ${scalers.map((s) => s.object.display).join(' and ')}`,
        needed: 'must have one horizontal autoscaler: two overwrite each other\'s replica count',
        fix: 'keep one HPA or one ScaledObject (KEDA makes its own HPA) and delete the other',
      });
    }
  },
};
