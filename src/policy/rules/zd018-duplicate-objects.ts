import { ZeroDowntimeRule } from '../../core/rule-id';
import { apiGroup } from '../model/manifest-object';
import { FindingSeverity } from '../finding';
import { ManifestRule } from '../rule';

/**
 * ZD018: no two objects share API group, kind, namespace and name: the later silently
 * replaces the earlier at apply time. Anchors: `kubectl apply` object identity
 * (group/kind/namespace/name), kubeconform's duplicate-resource check.
 */
export const ZD018_DUPLICATE_OBJECTS: ManifestRule = {
  id: ZeroDowntimeRule.ZD018,
  severity: FindingSeverity.ERROR,
  summary: 'No two objects share API group, kind, namespace and name',
  check(model, _context, report) {
    for (const group of model.duplicates()) {
      const [first, ...rest] = group;
      for (const dup of rest) {
        const where = (o: typeof first) => o.source ? ` (${o.source})` : '';
        report.add(dup, {
          field: 'metadata.name',
          found: `${dup.name}${where(dup)}, also defined${where(first)} in ${apiGroup(first.ref.apiVersion) || 'core'} group`,
          needed: 'must be unique per group, kind and namespace: the later object silently replaces the earlier when applied',
          fix: 'rename one of the two, or remove the duplicate',
        });
      }
    }
  },
};
