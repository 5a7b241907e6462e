import { IConstruct } from 'constructs';
import { fail } from './violation';

/**
 * Fails at `scope` when `problem` (the result of one of the grammar functions of this folder)
 * names what the value must be: `<path>: '<prop>' (<value>) <problem>; <fix>`.
 */
export function checkValue(scope: IConstruct | string, prop: string, value: string | number, problem: string | undefined, fix: string): void {
  if (problem !== undefined) fail(scope, { prop, found: typeof value === 'number' ? `${value}` : JSON.stringify(value), needed: problem, fix });
}
