import { ZeroDowntimeRule } from '../rule';
import { Violation } from '../violation';

/**
 * ZD003: the kubelet kills a container when terminationGracePeriodSeconds runs out, counted
 * from the start of preStop. The grace period must cover the preStop sleep (time for
 * endpoints to drop the pod) plus the app's own graceful drain, or in-flight requests die.
 */
export function checkGracePeriod(graceSeconds: number, preStopSeconds: number, drainSeconds: number): Violation | undefined {
  if (graceSeconds > preStopSeconds + drainSeconds) return undefined;
  return {
    rule: ZeroDowntimeRule.ZD003,
    prop: 'terminationGracePeriod',
    found: `${graceSeconds}s`,
    needed: `must exceed preStopDelay (${preStopSeconds}s) + drainTimeout (${drainSeconds}s) = ${preStopSeconds + drainSeconds}s`,
    fix: `raise terminationGracePeriod to at least ${preStopSeconds + drainSeconds + 1}s, or leave it unset to derive it, or shorten the drain`,
  };
}
