import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { asString } from '../model/json';
import { ManifestRule } from '../rule';

/**
 * ZD011: a PodDisruptionBudget sets `unhealthyPodEvictionPolicy: AlwaysAllow`. With the default
 * (IfHealthyBudget), pods that never became ready (a crash loop) count against the budget and
 * block a node drain. Anchors: Kubernetes "Unhealthy Pod Eviction Policy" (stable in 1.31,
 * beta and on by default since 1.27).
 */
export const ZD011_UNHEALTHY_POD_EVICTION: ManifestRule = {
  id: ZeroDowntimeRule.ZD011,
  severity: FindingSeverity.NOTICE,
  summary: 'A PodDisruptionBudget lets unhealthy pods be evicted (AlwaysAllow)',
  check(model, _context, report) {
    for (const budget of model.ofKind('PodDisruptionBudget')) {
      const policy = asString(budget.spec.unhealthyPodEvictionPolicy);
      if (policy === 'AlwaysAllow') continue;
      report.add(budget, {
        field: 'spec.unhealthyPodEvictionPolicy',
        found: policy ?? 'unset (IfHealthyBudget)',
        needed: 'should be AlwaysAllow, or pods stuck in a crash loop block node drains',
        fix: 'set spec.unhealthyPodEvictionPolicy: AlwaysAllow',
      });
    }
  },
};
