import { ZeroDowntimeRule } from '../rule';
import { Violation } from '../violation';

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
