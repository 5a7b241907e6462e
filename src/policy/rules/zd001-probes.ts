import { ZeroDowntimeRule } from '../rule';
import { Violation } from '../violation';

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
