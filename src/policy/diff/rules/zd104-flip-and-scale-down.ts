import { ZeroDowntimeRule } from '../../../core/rule-id';
import { FindingSeverity } from '../../finding';
import { ChangeRule } from '../change-rule';
import { running } from '../change-set';

/**
 * ZD104: a change that moves a Service to other pods must not also stop the pods it leaves.
 * Clients and load balancers learn of the new endpoints over seconds, open connections are
 * cut, and the rollback (one selector change back) has nothing to go back to. Anchors: the
 * blue/green discipline of promote, then finalize after the rollback window (Argo Rollouts'
 * scaleDownDelaySeconds).
 */
export const ZD104_FLIP_AND_SCALE_DOWN: ChangeRule = {
  id: ZeroDowntimeRule.ZD104,
  severity: FindingSeverity.ERROR,
  summary: 'A change never moves a Service and stops the pods it leaves at once',
  check(change, _context, report) {
    // A rename (ZD107) moves Services onto new pods too; that rule says it better.
    const renamed = new Set(change.replacements().map((r) => r.added));
    for (const service of change.head.ofKind('Service')) {
      const base = change.baseOf(service);
      if (!base) continue;
      const before = change.base.podSetsOfService(base).filter((p) => running(change.base, p));
      const after = change.head.podSetsOfService(service).filter((p) => running(change.head, p));
      if (before.length === 0 || after.length === 0 || after.every((p) => renamed.has(p))) continue;
      const afterOwners = new Set(after.map((p) => change.changeOf(p.owner)?.key));
      const left = before.filter((p) => !afterOwners.has(change.changeOf(p.owner)?.key));
      if (left.length === 0 || left.length < before.length) continue;
      const stopped = left.filter((p) => {
        const c = change.changeOf(p.owner);
        const headPodSet = c?.head ? change.podSetOf(c.head) : undefined;
        return !headPodSet || !running(change.head, headPodSet);
      });
      if (stopped.length === 0) continue;
      report.add(service, {
        field: 'spec.selector',
        found: `moves to ${after.map((p) => p.owner.display).join(', ')} and stops ${stopped.map((p) => p.owner.display).join(', ')} in the same change`,
        needed: 'must leave the pods it moves away from running: open connections drain and the rollback needs them',
        fix: 'apply the switch first (cdk8s-zd promote), and scale the old pods to 0 in a later change (cdk8s-zd finalize)',
      });
    }
  },
};
