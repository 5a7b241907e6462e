import { ZeroDowntimeRule } from '../../../core/rule-id';
import { FindingSeverity } from '../../finding';
import { asObject, asString, get } from '../../model/json';
import { resolveBound } from '../../rules/zd002-rolling-capacity';
import { ChangeRule, shown } from '../change-rule';
import { ChangeKind, running } from '../change-set';

/**
 * ZD102: a change must not roll a served workload out without capacity: the strategy switched
 * to Recreate (every old pod stops before a new one starts), or maxUnavailable raised to the
 * replica count. Anchors: the Deployment controller's Recreate and RollingUpdate strategies;
 * Argo Rollouts' canary maxUnavailable.
 */
export const ZD102_ROLLOUT_CAPACITY: ChangeRule = {
  id: ZeroDowntimeRule.ZD102,
  severity: FindingSeverity.ERROR,
  summary: 'A change keeps a served workload serving while it rolls out',
  check(change, _context, report) {
    for (const podSet of change.head.podSets) {
      const c = change.changeOf(podSet.owner);
      if (!c || c.kind !== ChangeKind.CHANGED || !c.base) continue;
      if (change.head.servicesSelecting(podSet).length === 0 || !running(change.head, podSet)) continue;
      const before = asObject(c.base.spec.strategy) ?? {};
      const after = asObject(podSet.owner.spec.strategy) ?? {};
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      const services = change.head.servicesSelecting(podSet).map((s) => s.name).join(', ');
      if (asString(after.type) === 'Recreate' && asString(before.type) !== 'Recreate') {
        report.add(podSet.owner, {
          field: 'spec.strategy.type',
          found: `${shown(before.type ?? 'RollingUpdate')} -> "Recreate"`,
          needed: `must stay RollingUpdate while Services (${services}) route to the pods: Recreate stops every pod before a new one is ready`,
          fix: 'keep RollingUpdate with maxUnavailable 0 and maxSurge 1',
        });
        continue;
      }
      const replicas = change.head.minimumReplicas(podSet) ?? podSet.replicas ?? 1;
      const bound = (s: unknown) => (get(s, 'rollingUpdate', 'maxUnavailable') ?? get(s, 'canary', 'maxUnavailable') ?? '25%') as number | string;
      const was = resolveBound(bound(before), replicas, false).pods;
      const is = resolveBound(bound(after), replicas, false).pods;
      if (is >= replicas && was < replicas) {
        report.add(podSet.owner, {
          field: 'spec.strategy.rollingUpdate.maxUnavailable',
          found: `${shown(bound(before))} -> ${shown(bound(after))} (${is} of ${replicas} pods)`,
          needed: `must stay below the ${replicas} replicas while Services (${services}) route to the pods`,
          fix: 'set maxUnavailable to 0 and maxSurge to 1',
        });
      }
    }
  },
};
