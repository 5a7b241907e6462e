import { ZeroDowntimeRule } from '../../../core/rule-id';
import { FindingSeverity } from '../../finding';
import { ChangeRule, shown } from '../change-rule';
import { ChangeKind } from '../change-set';

/**
 * ZD106: an apply resets `spec.replicas` to what the manifest says. Adding it to a workload an
 * autoscaler manages resets the live scale on every apply; removing it (from more than 1) in
 * the change that adds the autoscaler makes the apply (kubectl's three-way merge of
 * last-applied) reset the replicas to the default of 1 before the autoscaler acts. Anchors: Kubernetes "Migrating Deployments
 * and StatefulSets to horizontal autoscaling".
 */
export const ZD106_REPLICAS_AND_AUTOSCALER: ChangeRule = {
  id: ZeroDowntimeRule.ZD106,
  severity: FindingSeverity.ERROR,
  summary: 'A change never fights the autoscaler over spec.replicas',
  check(change, _context, report) {
    for (const podSet of change.head.podSets) {
      const c = change.changeOf(podSet.owner);
      if (!c || c.kind !== ChangeKind.CHANGED || !c.base) continue;
      if (change.head.scalersOf(podSet).length === 0) continue;
      const basePodSet = change.podSetOf(c.base);
      if (!basePodSet) continue;
      const scaledBefore = change.base.scalersOf(basePodSet).length > 0;
      const before = c.base.spec.replicas;
      const after = podSet.owner.spec.replicas;
      if (scaledBefore && before === undefined && after !== undefined) {
        report.add(podSet.owner, {
          field: 'spec.replicas',
          found: `unset -> ${shown(after)}`,
          needed: 'must stay unset while an autoscaler manages the workload: every apply resets the live replica count',
          fix: 'remove spec.replicas',
        });
      } else if (!scaledBefore && typeof before === 'number' && before > 1 && after === undefined) {
        // From 0 or 1, the reset to 1 drops nothing (a blue/green colour being staged).
        report.add(podSet.owner, {
          field: 'spec.replicas',
          found: `${shown(before)} -> unset, in the change that adds the autoscaler`,
          needed: 'must not be removed with the autoscaler\'s arrival: the apply resets the workload to 1 replica before the autoscaler scales it',
          fix: 'add the autoscaler first (keeping spec.replicas), then remove spec.replicas in a later change, or remove it from kubectl\'s last-applied annotation by hand',
        });
      }
    }
  },
};
