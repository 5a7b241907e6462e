/** A configuration tree: `{"proxy":{"timeout":{"read":"10"}}}`. */
export interface ConfigTree {
  [segment: string]: string | ConfigTree;
}

/** A key with where its value came from, for error messages. */
export interface SourcedKey {
  readonly key: string;
  readonly source: string;
}

/** The separator of hierarchical keys (`PROXY__TIMEOUT__READ`). */
export const HIERARCHY_SEPARATOR = '__';

/** The segments of a key, failing on an empty one (`A____B`, `__A`). */
export function keySegments(entry: SourcedKey): string[] {
  const segments = entry.key.split(HIERARCHY_SEPARATOR);
  if (segments.some((s) => s === '' || s.startsWith('_') || s.endsWith('_'))) {
    throw new Error(`${entry.source}: ${entry.key} has an empty level; separate levels with exactly two underscores (PROXY__TIMEOUT__READ)`);
  }
  return segments;
}

/** `PROXY__TIMEOUT__READ` -> `PROXY_TIMEOUT_READ`. */
export function flattenKey(key: string): string {
  return key.split(HIERARCHY_SEPARATOR).join('_');
}

/**
 * Checks that no key is both a value and a branch (`A=1` and `A__B=2`) and that no two keys
 * flatten to the same name (`A__B` and `A_B`); each error names both sources.
 */
export function checkHierarchy(entries: readonly SourcedKey[]): void {
  const byPath = new Map<string, SourcedKey>();
  const byFlat = new Map<string, SourcedKey>();
  for (const entry of entries) {
    const segments = keySegments(entry);
    const flat = flattenKey(entry.key);
    const clash = byFlat.get(flat);
    if (clash) {
      throw new Error(`${entry.key} (${entry.source}) and ${clash.key} (${clash.source}) both become ${flat}; rename one of them`);
    }
    byFlat.set(flat, entry);
    byPath.set(segments.join('/').toLowerCase(), entry);
  }
  for (const entry of entries) {
    const segments = entry.key.split(HIERARCHY_SEPARATOR);
    for (let depth = 1; depth < segments.length; depth++) {
      const leaf = byPath.get(segments.slice(0, depth).join('/').toLowerCase());
      if (leaf) {
        throw new Error(`${leaf.key} (${leaf.source}) is a value, but ${entry.key} (${entry.source}) makes it a branch; rename one of them`);
      }
    }
  }
}

/** The tree of the hierarchical keys (lowercased levels), keys in sorted order. */
export function buildTree(values: ReadonlyArray<{ key: string; value: string }>): ConfigTree {
  const tree: ConfigTree = {};
  const sorted = [...values].filter((v) => v.key.includes(HIERARCHY_SEPARATOR)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { key, value } of sorted) {
    const segments = key.toLowerCase().split(HIERARCHY_SEPARATOR);
    let node = tree;
    for (const segment of segments.slice(0, -1)) {
      node = (node[segment] ??= {}) as ConfigTree;
    }
    node[segments[segments.length - 1]] = value;
  }
  return tree;
}
