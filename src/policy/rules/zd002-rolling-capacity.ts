import { ZeroDowntimeRule } from '../../core/rule-id';
import { Violation } from '../../core/violation';
import { FindingSeverity } from '../finding';
import { asObject, asString, get, JsonObject } from '../model/json';
import { detailFromViolation, ManifestRule } from '../rule';

/** A rolling-update bound as Kubernetes resolves it for a given replica count. */
export interface ResolvedBound {
  /** What the user wrote: a number or a percentage string such as "25%". */
  readonly written: number | string;
  /** The pod count Kubernetes derives from it. */
  readonly pods: number;
}

/**
 * Resolves maxSurge (rounded up) or maxUnavailable (rounded down) the way the Deployment
 * controller does.
 */
export function resolveBound(value: number | string, replicas: number, roundUp: boolean): ResolvedBound {
  if (typeof value === 'number') return { written: value, pods: value };
  const percent = Number(value.replace(/%$/, ''));
  const exact = (percent * replicas) / 100;
  return { written: value, pods: roundUp ? Math.ceil(exact) : Math.floor(exact) };
}

/**
 * ZD002: a rolling update must be able to make progress without dropping below the capacity
 * it promises. Both bounds at 0 deadlock the rollout; maxUnavailable at or above the replica
 * count lets every pod go down at once.
 */
export function checkRollingCapacity(surge: ResolvedBound, unavailable: ResolvedBound, replicas: number): Violation | undefined {
  if (surge.pods === 0 && unavailable.pods === 0) {
    return {
      rule: ZeroDowntimeRule.ZD002,
      prop: 'maxSurge',
      found: `${surge.written} with maxUnavailable ${unavailable.written} at ${replicas} replicas`,
      needed: 'must be at least 1 pod when maxUnavailable resolves to 0, or the rollout can never start',
      fix: 'set maxSurge to 1 (keeps full capacity with maxUnavailable 0)',
    };
  }
  if (replicas > 0 && unavailable.pods >= replicas) {
    return {
      rule: ZeroDowntimeRule.ZD002,
      prop: 'maxUnavailable',
      found: `${unavailable.written}, ${unavailable.pods} of ${replicas} replicas`,
      needed: 'must leave at least one pod serving during a rollout',
      fix: 'lower maxUnavailable below the replica count, or use maxUnavailable 0 with maxSurge 1',
    };
  }
  return undefined;
}

/**
 * ZD002 over manifests, for Deployments and Argo canary Rollouts (Argo applies maxSurge and
 * maxUnavailable to canary steps the way the Deployment controller does): both bounds 0
 * deadlock; maxUnavailable at or above the replica count drops every pod; Recreate on a
 * served workload stops all pods before new ones start. Anchors: the Deployment controller's
 * `ValidateRollingUpdateDeployment` (both 0 is refused), Argo Rollouts' canary validation of the same
 * bounds.
 */
export const ZD002_ROLLING_CAPACITY: ManifestRule = {
  id: ZeroDowntimeRule.ZD002,
  severity: FindingSeverity.ERROR,
  summary: 'A rolling update keeps serving: not both bounds 0, maxUnavailable below the replicas, no Recreate on served pods',
  check(model, _context, report) {
    for (const podSet of model.podSets) {
      const owner = podSet.owner;
      let base: string;
      let strategy: JsonObject | undefined;
      if (owner.kind === 'Deployment') {
        const type = asString(get(owner.spec, 'strategy', 'type')) ?? 'RollingUpdate';
        if (type === 'Recreate') {
          if (model.servicesSelecting(podSet).length > 0 && (model.minimumReplicas(podSet) ?? 1) > 0) {
            report.add(owner, {
              field: 'spec.strategy.type',
              found: 'Recreate',
              needed: `stops every pod before a new one starts while Services (${model.servicesSelecting(podSet).map((s) => s.name).join(', ')}) route to them`,
              fix: 'use RollingUpdate with maxUnavailable 0 and maxSurge 1; keep Recreate only where two versions must never run together',
              severity: FindingSeverity.WARNING,
            });
          }
          continue;
        }
        base = 'spec.strategy.rollingUpdate';
        strategy = asObject(get(owner.spec, 'strategy', 'rollingUpdate')) ?? {};
      } else if (owner.kind === 'Rollout' && asObject(get(owner.spec, 'strategy', 'canary'))) {
        base = 'spec.strategy.canary';
        strategy = asObject(get(owner.spec, 'strategy', 'canary'));
      } else {
        continue;
      }
      const replicas = model.minimumReplicas(podSet) ?? 1;
      const surge = bound(strategy?.maxSurge);
      const unavailable = bound(strategy?.maxUnavailable);
      if (surge === undefined || unavailable === undefined) continue;
      const violation = checkRollingCapacity(resolveBound(surge, replicas, true), resolveBound(unavailable, replicas, false), replicas);
      if (violation) report.add(owner, detailFromViolation(violation, `${base}.${violation.prop}`));
    }
  },
};

/** A written bound, or the controllers' default of 25%; undefined when unreadable. */
function bound(value: unknown): number | string | undefined {
  if (value === undefined) return '25%';
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d+%$/.test(value)) return value;
  return undefined;
}
