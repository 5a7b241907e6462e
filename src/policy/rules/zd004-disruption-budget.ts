import { ZeroDowntimeRule } from '../../core/rule-id';
import { Violation } from '../../core/violation';
import { FindingSeverity } from '../finding';
import { JsonObject, show } from '../model/json';
import { ManifestRule } from '../rule';

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

/**
 * ZD004 over manifests: a pod set that runs at 2 or more replicas at its minimum (its HPA or
 * KEDA minimum, else spec.replicas) has a PodDisruptionBudget (an error in production, a
 * notice elsewhere and never in development), and every budget still allows one eviction at
 * that minimum, or node drains block. Anchors: Polaris `missingPodDisruptionBudget`,
 * `pdbDisruptionsIsZero` and `pdbMinAvailableGreaterThanHPAMinReplicas`; kube-score
 * `poddisruptionbudget`.
 */
export const ZD004_DISRUPTION_BUDGET: ManifestRule = {
  id: ZeroDowntimeRule.ZD004,
  severity: FindingSeverity.ERROR,
  summary: 'A pod set of 2 or more replicas has a PodDisruptionBudget that still allows an eviction',
  check(model, context, report) {
    for (const podSet of model.podSets) {
      if (!podSet.longRunning || podSet.owner.kind === 'DaemonSet' || podSet.owner.kind === 'ReplicaSet') continue;
      const minimum = model.minimumReplicas(podSet);
      if (minimum === undefined) continue;
      const budgets = model.budgetsOf(podSet);
      if (budgets.length === 0) {
        if (minimum >= 2 && !context.isDevelopment(podSet.owner)) {
          report.add(podSet.owner, {
            field: 'metadata.name',
            found: `${minimum} replicas at the minimum, no PodDisruptionBudget selects its pods`,
            needed: 'needs a PodDisruptionBudget: a node drain may otherwise evict every pod at once',
            fix: 'add a PodDisruptionBudget with maxUnavailable 1 and the workload\'s selector',
            severity: context.isProduction(podSet.owner) ? FindingSeverity.ERROR : FindingSeverity.NOTICE,
          });
        }
        continue;
      }
      for (const budget of budgets) {
        const allowed = allowedEvictions(budget.spec, minimum);
        if (allowed === undefined || allowed >= 1 || minimum === 0) continue;
        const field = budget.spec.minAvailable !== undefined ? 'spec.minAvailable' : 'spec.maxUnavailable';
        report.add(budget, {
          field,
          found: `${show(budget.spec.minAvailable ?? budget.spec.maxUnavailable)} with ${podSet.owner.display} at ${minimum} replicas`,
          needed: 'must allow at least 1 eviction at the minimum replica count, or node drains block until someone deletes the budget',
          fix: minimum >= 2 ? 'set maxUnavailable: 1 instead' : 'run at least 2 replicas, or remove the budget of a single-replica workload',
        });
      }
    }
  },
};

/** How many pods a budget lets the eviction API take at `replicas` healthy pods. */
export function allowedEvictions(spec: JsonObject, replicas: number): number | undefined {
  const resolve = (value: unknown, roundUp: boolean): number | undefined => {
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && /^\d+%$/.test(value)) {
      const exact = (Number(value.slice(0, -1)) * replicas) / 100;
      return roundUp ? Math.ceil(exact) : Math.floor(exact);
    }
    return undefined;
  };
  if (spec.maxUnavailable !== undefined) return resolve(spec.maxUnavailable, true);
  if (spec.minAvailable !== undefined) {
    const min = resolve(spec.minAvailable, true);
    return min === undefined ? undefined : replicas - min;
  }
  return undefined;
}
