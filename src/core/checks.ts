import { IConstruct } from 'constructs';
import { labelValueProblem, qualifiedNameProblem } from './k8s-names';
import { fail } from './violation';

/**
 * Fails at `scope` when `problem` (the result of one of the grammar functions of this folder)
 * names what the value must be: `<path>: '<prop>' (<value>) <problem>; <fix>`.
 */
export function checkValue(scope: IConstruct | string, prop: string, value: string | number, problem: string | undefined, fix: string): void {
  if (problem !== undefined) fail(scope, { prop, found: typeof value === 'number' ? `${value}` : JSON.stringify(value), needed: problem, fix });
}

/** Labels a user adds to objects: every key a qualified name, every value a label value. */
export function checkLabels(scope: IConstruct, prop: string, labels: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    checkValue(scope, prop, key, qualifiedNameProblem(key), 'use a label key such as team or example.com/team');
    checkValue(scope, `${prop}.${key}`, value, labelValueProblem(value), 'use at most 63 letters, digits, \'-\', \'_\' and \'.\'');
  }
}
