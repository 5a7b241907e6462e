/**
 * Safe reads from plain JSON: manifests come from anywhere (Helm output, hand-written YAML), so
 * no field is trusted to have the type Kubernetes gives it. Every reader returns undefined (or
 * an empty value) instead of throwing.
 */

/** A JSON object. */
export interface JsonObject { readonly [key: string]: unknown }

/** `value` when it is a plain object, else undefined. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as JsonObject : undefined;
}

/** `value` when it is an array, else an empty one. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The objects of an array field, skipping anything that is not an object. */
export function objects(value: unknown): JsonObject[] {
  return asArray(value).map(asObject).filter((o): o is JsonObject => o !== undefined);
}

/** `value` when it is a string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `value` when it is a finite number, else undefined. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A nested field by path (`get(o, 'spec', 'template', 'spec')`), or undefined. */
export function get(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const o = asObject(current);
    if (!o) return undefined;
    current = o[key];
  }
  return current;
}

/** A string map (labels, annotations, matchLabels); non-string values are dropped. */
export function stringMap(value: unknown): { readonly [key: string]: string } {
  const o = asObject(value);
  if (!o) return {};
  const out: { [key: string]: string } = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

/** A value as the YAML a user wrote would show it, for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'unset';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
