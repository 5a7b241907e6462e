import { ZeroDowntimeRule } from '../../../core/rule-id';
import { FindingSeverity } from '../../finding';
import { ChangeRule } from '../change-rule';
import { ChangeSet, running } from '../change-set';
import { referencedConfig } from '../pod-references';

/**
 * ZD108: a pruning apply must not delete what is still used: a Namespace that still holds
 * objects (deleting it deletes them), a ConfigMap or Secret that head's pods read (their pods
 * cannot start) or that the running pods read (those that restart during the rollout cannot
 * start: a warning, since it depends on restarts), a Service that an Ingress, route or Rollout
 * of head still names. Anchors: `kubectl apply --prune`, namespace deletion cascades, kubelet
 * refuses pods whose ConfigMap or Secret is missing.
 */
export const ZD108_PRUNED_IN_USE: ChangeRule = {
  id: ZeroDowntimeRule.ZD108,
  severity: FindingSeverity.ERROR,
  summary: 'A pruning change never deletes a Namespace, ConfigMap, Secret or Service still in use',
  check(change, _context, report) {
    const headUses = uses(change, 'head');
    const baseUses = uses(change, 'base');
    const routed = new Set(change.head.trafficReferences().map((r) => `${r.namespace ?? ''}|${r.name}`));
    for (const rollout of change.head.ofKind('Rollout')) {
      for (const ref of change.head.rolloutServices(rollout)) routed.add(`${ref.namespace ?? ''}|${ref.name}`);
    }
    for (const c of change.removed) {
      const o = c.base!;
      const key = `${o.namespace ?? ''}|${o.name}`;
      const prune = 'keep it in head, or apply with --no-prune until nothing uses it';
      if (o.kind === 'Namespace') {
        const inside = change.head.objects.filter((h) => h.namespace === o.name);
        if (inside.length > 0) {
          report.add(o, { field: 'metadata.name', found: `pruned while head still holds ${inside.length} objects in it (${inside.slice(0, 3).map((h) => h.display).join(', ')})`, needed: 'must not be deleted: deleting a Namespace deletes everything in it', fix: prune });
        }
      } else if (o.kind === 'ConfigMap' || o.kind === 'Secret') {
        const inHead = headUses.get(`${o.kind}|${key}`);
        const inBase = baseUses.get(`${o.kind}|${key}`);
        if (inHead) {
          report.add(o, { field: 'metadata.name', found: `pruned while ${inHead.join(', ')} still read it`, needed: 'must not be deleted: pods that read it cannot start', fix: prune });
        } else if (inBase) {
          report.add(o, {
            field: 'metadata.name',
            found: `pruned while the running pods of ${inBase.join(', ')} read it`,
            needed: 'should outlive the rollout: a running pod that restarts before it is replaced cannot start',
            fix: 'prune it after the rollout has finished (apply without --prune, then prune)',
            severity: FindingSeverity.WARNING,
          });
        }
      } else if (o.kind === 'Service' && routed.has(key)) {
        report.add(o, { field: 'metadata.name', found: 'pruned while an Ingress, route or Rollout of head still sends traffic to it', needed: 'must not be deleted while traffic is routed to it', fix: 'move the routes first, then remove the Service' });
      }
    }
  },
};

/** `<kind>|<namespace>|<name>` of every ConfigMap and Secret a side's running pods read, with who reads it. */
function uses(change: ChangeSet, side: 'base' | 'head'): Map<string, string[]> {
  const model = change[side];
  const out = new Map<string, string[]>();
  for (const podSet of model.podSets) {
    if (podSet.longRunning && !running(model, podSet)) continue;
    const { configMaps, secrets } = referencedConfig(podSet);
    for (const [kind, names] of [['ConfigMap', configMaps], ['Secret', secrets]] as const) {
      for (const name of names) {
        const key = `${kind}|${podSet.owner.namespace ?? ''}|${name}`;
        out.set(key, [...(out.get(key) ?? []), podSet.owner.display]);
      }
    }
  }
  return out;
}
