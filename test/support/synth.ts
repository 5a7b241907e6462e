import { Chart, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { expectValidObjects, KubeObject } from './schema';

/**
 * Runs every construct's validations (as `cdk8s synth` does) and throws their messages.
 */
export function runValidations(root: IConstruct): void {
  const errors = root.node.findAll().flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * Synthesizes a chart the way `cdk8s synth` would, validates every object strictly against
 * its schema and returns the objects.
 */
export function synthValid(chart: Chart): KubeObject[] {
  runValidations(chart);
  const objects = Testing.synth(chart) as KubeObject[];
  expectValidObjects(objects);
  return objects;
}

/** The one object of a kind (and name); throws when there is not exactly one. */
export function findOne<T = any>(objects: readonly KubeObject[], kind: string, name?: string): T {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  }
  return found[0] as T;
}

/** Every object of a kind. */
export function findAll<T = any>(objects: readonly KubeObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as T[];
}
