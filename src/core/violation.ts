import { IConstruct } from 'constructs';
import { ZeroDowntimeRule } from './rule-id';

/**
 * What is wrong with one prop, in the words an error message needs.
 */
export interface Violation {
  /** The rule broken, when the problem is a zero-downtime rule rather than plain bad input. */
  readonly rule?: ZeroDowntimeRule;
  /** The prop (or field) holding the bad value, as the user wrote it. */
  readonly prop: string;
  /** The value found, already formatted. */
  readonly found: string;
  /** What the value must be, as a sentence fragment ("must be at least 1"). */
  readonly needed: string;
  /** How to fix it, as an imperative sentence fragment. */
  readonly fix: string;
}

/**
 * Formats a violation as `<path>: [ZDxxx ]'<prop>' (<found>) <needed>; <fix>`.
 */
export function formatViolation(scope: IConstruct | string, v: Violation): string {
  const where = typeof scope === 'string' ? scope : scope.node.path;
  const rule = v.rule ? `${v.rule} ` : '';
  return `${where}: ${rule}'${v.prop}' (${v.found}) ${v.needed}; ${v.fix}`;
}

/**
 * Throws the violation as an Error; used for bad input that is known in the constructor.
 */
export function fail(scope: IConstruct | string, v: Violation): never {
  throw new Error(formatViolation(scope, v));
}
