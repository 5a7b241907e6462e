import { canonicalQuantity } from '../../core/quantity';
import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { asObject } from '../model/json';
import { ManifestRule } from '../rule';

/** The probes of a container, and their integer fields that Go's types leave out at 0. */
const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;
const OMITTED_AT_ZERO = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const;

/**
 * ZD024: an Argo Rollout's pod template is written the way its controller writes it back. The
 * API server stores a custom resource as it was sent; the Argo Rollouts controller reads each
 * Rollout into its Go types and updates it, which rewrites a quantity in its canonical form
 * (`1000m` becomes `1`, `1024Mi` becomes `1Gi`) and drops a probe's integer field set to 0.
 * That update makes the controller the manager of the container list, so the next
 * `kubectl apply --server-side` of the Rollout fails with a conflict on
 * `spec.template.spec.containers`, and `kubectl diff` shows the rewritten field on every
 * review. Deployments are not affected: the API server itself writes a built-in object's
 * quantities back canonical. Anchors: argoproj/argo-rollouts#3281 (seen for `cpu: 1000m` and
 * `initialDelaySeconds: 0`), the cluster rehearsal of the Argo release here. A warning: a
 * client-side `kubectl apply` merges past it.
 */
export const ZD024_ROLLOUT_TEMPLATE_AS_WRITTEN_BACK: ManifestRule = {
  id: ZeroDowntimeRule.ZD024,
  severity: FindingSeverity.WARNING,
  summary: 'An Argo Rollout\'s pod template is written as its controller writes it back',
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
        for (const probe of PROBES) {
          const spec = asObject(c.raw[probe]);
          for (const field of OMITTED_AT_ZERO) {
            if (spec?.[field] !== 0) continue;
            report.add(podSet.owner, {
              field: `${c.path}.${probe}.${field}`,
              found: '0, which the controller drops',
              needed: NEEDED,
              fix: `leave ${field} out (0 is its default)`,
            });
          }
        }
      }
    }
  },
};

const NEEDED = 'must be written as the Argo Rollouts controller writes it back, or its update takes the containers from your field manager '
  + 'and the next server-side apply conflicts';
