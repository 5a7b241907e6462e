import { ZeroDowntimeRule } from '../rule';
import { Violation } from '../violation';

/**
 * ZD004: from two replicas on, a voluntary disruption (node drain, cluster upgrade) must be
 * bounded by a PodDisruptionBudget, and that budget must still allow one eviction at the
 * minimum replica count, or node drains block until someone deletes the budget by hand.
 */
export function checkDisruptionBudget(minReplicas: number, budgetEnabled: boolean, maxUnavailable: number): Violation | undefined {
  if (minReplicas >= 2 && !budgetEnabled) {
    return {
      rule: ZeroDowntimeRule.ZD004,
      prop: 'disruptionBudget',
      found: 'false',
      needed: `must be enabled with ${minReplicas} replicas (2 or more)`,
      fix: 'remove disruptionBudget: false, or run a single replica',
    };
  }
  if (budgetEnabled && maxUnavailable < 1) {
    return {
      rule: ZeroDowntimeRule.ZD004,
      prop: 'disruptionBudgetMaxUnavailable',
      found: `${maxUnavailable}`,
      needed: 'must allow at least 1 eviction, or node drains block forever',
      fix: 'set disruptionBudgetMaxUnavailable to 1',
    };
  }
  if (budgetEnabled && maxUnavailable >= minReplicas) {
    return {
      rule: ZeroDowntimeRule.ZD004,
      prop: 'disruptionBudgetMaxUnavailable',
      found: `${maxUnavailable}`,
      needed: `must be below the minimum replica count (${minReplicas}) so one pod keeps serving during a drain`,
      fix: `set disruptionBudgetMaxUnavailable to at most ${minReplicas - 1}`,
    };
  }
  return undefined;
}
