import { ZeroDowntimeRule } from '../../../core/rule-id';
import { FindingSeverity } from '../../finding';
import { ChangeRule } from '../change-rule';

/**
 * ZD107: a workload renamed (a new object with the same pods) while the old one is pruned in
 * the same apply: every old pod is deleted at once while the new ones start, whatever the
 * rolling strategy says. Anchors: a Deployment's name is its identity; `kubectl apply --prune`
 * deletes what head no longer holds.
 */
export const ZD107_RENAMED_WORKLOAD: ChangeRule = {
  id: ZeroDowntimeRule.ZD107,
  severity: FindingSeverity.ERROR,
  summary: 'A change never renames a running workload and prunes the old one at once',
  check(change, _context, report) {
    for (const { added, removed } of change.replacements()) {
      report.add(added.owner, {
        field: 'metadata.name',
        found: `${removed.owner.name} -> ${added.owner.name}, and ${removed.owner.display} is pruned in the same change`,
        needed: 'must not replace a running workload in one apply: the old pods are all deleted while the new ones start',
        fix: 'apply the new workload without pruning, wait until it is available, then remove the old one (or keep the old name)',
      });
    }
  },
};
