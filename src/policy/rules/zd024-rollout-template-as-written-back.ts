import { canonicalQuantity } from '../../core/quantity';
import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { asObject } from '../model/json';
import { ManifestRule } from '../rule';

/**
 * ZD024: an Argo Rollout's pod template has its quantities in the form its controller writes
 * them back. The API server stores a custom resource as it was sent; the Argo Rollouts
 * controller reads each Rollout into its Go types and updates it, which rewrites a quantity in
 * its canonical form (`1000m` becomes `1`, `1024Mi` becomes `1Gi`) and makes the controller
 * the manager of that field, so the next `kubectl apply --server-side` of the Rollout fails
 * with a conflict on it, and `kubectl diff` shows the rewritten value on every review.
 * Deployments are not affected: the API server itself writes a built-in object's quantities
 * back canonical. Only what the API server shows conflicting is flagged: the controller also
 * drops a probe's integer field set to 0 (`initialDelaySeconds: 0`), but a dropped field has no
 * manager and the next apply sets it again without a conflict (the cluster tests apply both).
 * Anchors: argoproj/argo-rollouts#3281, the cluster rehearsal of the Argo release here. A
 * warning: a client-side `kubectl apply` merges past it.
 */
export const ZD024_ROLLOUT_TEMPLATE_AS_WRITTEN_BACK: ManifestRule = {
  id: ZeroDowntimeRule.ZD024,
  severity: FindingSeverity.WARNING,
  summary: 'An Argo Rollout\'s pod template has its quantities as its controller writes them back',
  check(model, _context, report) {
    for (const podSet of model.podSets) {
      if (podSet.owner.kind !== 'Rollout' || podSet.templateOwner !== podSet.owner) continue;
      for (const c of podSet.containers(true)) {
        for (const kind of ['requests', 'limits'] as const) {
          for (const [resource, value] of Object.entries(asObject(asObject(c.raw.resources)?.[kind]) ?? {})) {
            const text = typeof value === 'number' ? String(value) : value;
            if (typeof text !== 'string') continue;
            const canonical = canonicalQuantity(text);
            if (canonical === undefined || canonical === text) continue;
            report.add(podSet.owner, {
              field: `${c.path}.resources.${kind}["${resource}"]`,
              found: `${text}, which the controller writes back as ${canonical}`,
              needed: NEEDED,
              fix: `write ${canonical}`,
            });
          }
        }
      }
    }
  },
};

const NEEDED = 'must be written as the Argo Rollouts controller writes it back, or its update takes the field from your field manager '
  + 'and the next server-side apply conflicts';
