import { ZeroDowntimeRule } from '../rule';
import { Violation } from '../violation';

/**
 * ZD009: a VPA that applies recommendations (Auto, Recreate) changes the requests an HPA's
 * utilisation is measured against, and evicts pods while the HPA adds them: the two fight.
 */
export function checkVpaHpaConflict(updateMode: string, vpaResources: readonly string[], hpaResources: readonly string[]): Violation | undefined {
  if (updateMode !== 'Auto' && updateMode !== 'Recreate') return undefined;
  const shared = vpaResources.filter((r) => hpaResources.includes(r));
  if (shared.length === 0) return undefined;
  return {
    rule: ZeroDowntimeRule.ZD009,
    prop: 'verticalScaling.updateMode',
    found: `${updateMode} on ${shared.join(', ')}`,
    needed: `must be Off or Initial while the HPA scales on ${shared.join(', ')}`,
    fix: 'use VpaUpdateMode.OFF (recommendations only), or scale the HPA on another metric',
  };
}
