import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { apiGroup } from '../model/manifest-object';
import { ManifestRule } from '../rule';

/**
 * ZD018: no two objects share API group, kind, namespace and name: the later silently
 * replaces the earlier at apply time. Anchors: `kubectl apply` object identity
 * (group, kind, namespace, name).
 */
export const ZD018_DUPLICATE_OBJECTS: ManifestRule = {
  id: ZeroDowntimeRule.ZD018,
  severity: FindingSeverity.ERROR,
  summary: 'No two objects share API group, kind, namespace and name',
  check(model, _context, report) {
    for (const group of model.duplicates()) {
      const [first, ...rest] = group;
      for (const dup of rest) {
        const groupName = apiGroup(dup.ref.apiVersion) || 'core';
        const found = first.source && dup.source && first.source !== dup.source
          ? `${dup.name} in group ${groupName}, defined at ${dup.source} and at ${first.source}`
          : `${dup.name} in group ${groupName}, defined more than once${dup.source ? ` in ${dup.source}` : ''}`;
        report.add(dup, {
          field: 'metadata.name',
          found,
          needed: 'must be unique per group, kind and namespace: the later object silently replaces the earlier when applied',
          fix: 'rename one of the two, or remove the duplicate',
        });
      }
    }
  },
};
