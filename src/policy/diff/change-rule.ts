import { ChangeSet } from './change-set';
import { FindingSeverity } from '../finding';
import { FindingSink, RuleContext } from '../rule';

/**
 * One rule over a change (base -> head), in a file of its own under `diff/rules/`. Its doc
 * comment names the Kubernetes code or behaviour it follows. Findings name the object, the
 * field, the values before and after, and the fix.
 */
export interface ChangeRule {
  /** The rule id (`ZD101`). */
  readonly id: string;
  /** The severity of its findings unless a finding says otherwise. */
  readonly severity: FindingSeverity;
  /** One line: what the rule promises. */
  readonly summary: string;
  /** Checks the change; `context` is the head side's. */
  check(change: ChangeSet, context: RuleContext, report: FindingSink): void;
}

/** A value for a message: JSON, shortened. */
export function shown(value: unknown): string {
  if (value === undefined) return 'unset';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
