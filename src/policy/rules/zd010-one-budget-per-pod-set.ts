import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { ManifestRule } from '../rule';

/**
 * ZD010: exactly one PodDisruptionBudget selects a pod set. With two, the eviction API
 * answers 500 ("This pod has more than one PodDisruptionBudget") and node drains stall.
 * Anchors: the Kubernetes eviction API (`pkg/registry/core/pod/storage/eviction.go`).
 */
export const ZD010_ONE_BUDGET_PER_POD_SET: ManifestRule = {
  id: ZeroDowntimeRule.ZD010,
  severity: FindingSeverity.ERROR,
  summary: 'Exactly one PodDisruptionBudget selects each pod set',
  check(model, _context, report) {
    for (const podSet of model.podSets) {
      const budgets = model.budgetsOf(podSet);
      if (budgets.length < 2) continue;
      report.add(podSet.owner, {
        field: `${podSet.templatePath}.metadata.labels`,
        found: `selected by ${budgets.length} PodDisruptionBudgets (${budgets.map((b) => b.name).join(', ')})`,
        needed: 'must be selected by exactly one: the eviction API refuses to evict a pod with more than one, so node drains stall',
        fix: 'keep one budget per pod set and narrow or remove the others',
      });
    }
  },
};
