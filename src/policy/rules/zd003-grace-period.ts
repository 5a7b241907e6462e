import { ZeroDowntimeRule } from '../../core/rule-id';
import { Violation } from '../../core/violation';
import { FindingSeverity } from '../finding';
import { preStopSleepSeconds } from '../model/container-facts';
import { asNumber } from '../model/json';
import { ManifestRule } from '../rule';

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

/**
 * ZD003 over manifests: the grace period (30 s when unset) must exceed every container's
 * preStop sleep, or the kubelet kills the pod while it is still waiting for endpoints to drop
 * it. The app's own drain is not visible in a manifest, so this is the floor. Anchors:
 * Kubernetes "Termination of Pods" (the grace period counts from the start of preStop).
 */
export const ZD003_GRACE_PERIOD: ManifestRule = {
  id: ZeroDowntimeRule.ZD003,
  severity: FindingSeverity.ERROR,
  summary: 'terminationGracePeriodSeconds exceeds every preStop sleep',
  check(model, _context, report) {
    for (const podSet of model.podSets) {
      const grace = asNumber(podSet.podSpec.terminationGracePeriodSeconds) ?? 30;
      for (const c of podSet.containers()) {
        const sleep = preStopSleepSeconds(c.raw);
        if (sleep === undefined || checkGracePeriod(grace, sleep, 0) === undefined) continue;
        report.add(podSet.owner, {
          field: `${podSet.templatePath}.spec.terminationGracePeriodSeconds`,
          found: `${grace}`,
          needed: `must exceed the preStop sleep of container ${c.name} (${sleep}s)`,
          fix: `raise terminationGracePeriodSeconds to at least ${sleep + 1} plus the app's own drain time, or shorten the preStop sleep`,
        });
      }
    }
  },
};
