/**
 * Prints Kubernetes objects (one, or a list) as multi-document YAML, so a snapshot diff in a
 * pull request reads like `kubectl diff`.
 */
import { stringify } from 'yaml';

function isKubeObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && typeof (value as { apiVersion?: unknown }).apiVersion === 'string'
    && typeof (value as { kind?: unknown }).kind === 'string';
}

/** Whether this serializer prints the value. */
export function test(value: unknown): boolean {
  return isKubeObject(value) || (Array.isArray(value) && value.length > 0 && value.every(isKubeObject));
}

/** The YAML documents, separated by `---` as kubectl prints them. */
export function serialize(value: unknown): string {
  const objects = Array.isArray(value) ? value : [value];
  return objects.map((o) => stringify(o, { indent: 2, lineWidth: 0 }).trimEnd()).join('\n---\n');
}
