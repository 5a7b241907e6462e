import { ZeroDowntimeRule } from '../../core/rule-id';
import { Violation } from '../../core/violation';
import { FindingSeverity } from '../finding';
import { probeHandler } from '../model/container-facts';
import { asArray, asObject } from '../model/json';
import { ManifestRule } from '../rule';

/**
 * ZD001: liveness must not probe the readiness endpoint. Readiness checks dependencies; a
 * liveness probe on it restarts every pod when a dependency blips, turning a partial outage
 * into a full one.
 */
export function checkLivenessDiffersFromReadiness(readinessPath: string, livenessPath: string): Violation | undefined {
  if (readinessPath !== livenessPath) return undefined;
  return {
    rule: ZeroDowntimeRule.ZD001,
    prop: 'livenessPath',
    found: livenessPath,
    needed: `must differ from 'readinessPath' (${readinessPath})`,
    fix: 'point liveness at a cheap process-only endpoint such as /health and keep dependency checks in readiness',
  };
}

/**
 * ZD001 over manifests: every container that serves (declares a port, in a pod set a Service
 * or a Rollout sends traffic to) has a readiness probe, and its liveness probe is not the
 * same check. Anchors: kube-score `container-probes` (identical probes), Polaris
 * `readinessProbeMissing`, kube-linter `no-readiness-probe`.
 */
export const ZD001_READINESS: ManifestRule = {
  id: ZeroDowntimeRule.ZD001,
  severity: FindingSeverity.ERROR,
  summary: 'Every served container has a readiness probe, and liveness is not the same check',
  check(model, _context, report) {
    for (const podSet of model.podSets) {
      if (!podSet.longRunning || model.servicesSelecting(podSet).length === 0) continue;
      const containers = podSet.containers();
      const serving = containers.filter((c) => asArray(c.raw.ports).length > 0);
      for (const c of serving.length > 0 ? serving : containers.slice(0, 1)) {
        const readiness = asObject(c.raw.readinessProbe);
        if (!readiness) {
          report.add(podSet.owner, {
            field: `${c.path}.readinessProbe`,
            found: `unset on container ${c.name}`,
            needed: `must be set: Services (${model.servicesSelecting(podSet).map((s) => s.name).join(', ')}) send traffic to pods that are not ready`,
            fix: 'add a readinessProbe that checks the app can serve (an HTTP /ready endpoint)',
          });
          continue;
        }
        const ready = probeHandler(readiness);
        const live = probeHandler(asObject(c.raw.livenessProbe));
        if (ready !== undefined && ready === live) {
          report.add(podSet.owner, {
            field: `${c.path}.livenessProbe`,
            found: live,
            needed: 'must differ from the readinessProbe: a dependency blip then restarts every pod at once',
            fix: 'point liveness at a cheap process-only endpoint such as /health and keep dependency checks in readiness',
          });
        }
      }
    }
  },
};
