import { ZeroDowntimeRule } from '../../../core/rule-id';
import { FindingSeverity } from '../../finding';
import { LabelSelector } from '../../model/label-selector';
import { ManifestModel } from '../../model/manifest-model';
import { PodSet } from '../../model/pod-set';
import { ChangeRule } from '../change-rule';
import { ChangeSet, running } from '../change-set';

/**
 * ZD103: a Service that carries traffic must keep selecting pods that already run. If the
 * change moves it onto pods that only this apply creates (a blue/green flip to a colour that
 * had no replicas, a selector narrowed to a label only new pods carry, a workload renamed),
 * the endpoints empty out the moment the selector changes and fill as the new pods become
 * ready. Anchors: the EndpointSlice controller (only ready pods that match are endpoints).
 */
export const ZD103_SERVICE_ONTO_NEW_PODS: ChangeRule = {
  id: ZeroDowntimeRule.ZD103,
  severity: FindingSeverity.ERROR,
  summary: 'A change never moves live traffic onto pods that do not run before it',
  check(change, _context, report) {
    // A rename (ZD107) moves Services onto new pods too; that rule says it better.
    const renamed = new Set(change.replacements().map((r) => r.added));
    for (const service of change.head.ofKind('Service')) {
      const base = change.baseOf(service);
      if (!base) continue;
      const selector = LabelSelector.fromMap(service.spec.selector);
      if (!selector) continue;
      const before = change.base.podSetsOfService(base).filter((p) => running(change.base, p));
      if (before.length === 0) continue; // no live traffic before (a preview or canary Service at 0)
      const after = change.head.podSetsOfService(service).filter((p) => running(change.head, p));
      if (after.length === 0 || after.every((p) => renamed.has(p))) continue; // ZD006 reports a Service with no running pods
      const kept = after.filter((p) => runsMatchingPodsInBase(change, p, selector));
      if (kept.length > 0) continue;
      report.add(service, {
        field: 'spec.selector',
        found: `${describe(change.base, before)} -> ${describe(change.head, after)}, none of which runs matching pods before the change`,
        needed: 'must keep selecting pods that already run: the new pods cannot be ready when the selector moves, so traffic drops until they are',
        fix: 'apply in two changes: first start the new pods (stage, scale up, or add the label to the running pods), then move the Service',
      });
    }
  },
};

/** Whether the workload of a head pod set ran pods in base that the head selector matches. */
function runsMatchingPodsInBase(change: ChangeSet, podSet: PodSet, selector: LabelSelector): boolean {
  const owner = change.baseOf(podSet.owner);
  if (!owner) return false;
  const basePodSet = change.podSetOf(owner);
  return basePodSet !== undefined && running(change.base, basePodSet) && selector.matches(basePodSet.podLabels);
}

function describe(model: ManifestModel, podSets: readonly PodSet[]): string {
  return podSets.map((p) => `${p.owner.display} (${model.minimumReplicas(p) ?? p.replicas ?? 'one per node'})`).join(', ');
}
