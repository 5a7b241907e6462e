import { ZeroDowntimeRule } from '../rule';
import { Violation } from '../violation';

/**
 * ZD005: a utilisation target is a percentage of the requests; a container without a request
 * for that resource leaves the HPA without a denominator, and it stops scaling.
 */
export function checkUtilizationRequests(resource: string, requested: readonly string[], containers: readonly string[]): Violation | undefined {
  if (requested.includes(resource)) return undefined;
  return {
    rule: ZeroDowntimeRule.ZD005,
    prop: 'metrics',
    found: `${resource} utilization on containers ${containers.join(', ')} without ${resource} requests`,
    needed: `needs a ${resource} request on every container of the target`,
    fix: `set ${resource} requests on the workload, or scale on an AverageValue target instead`,
  };
}
