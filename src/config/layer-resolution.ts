import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { ConfigEntry, ConfigLayersProps } from './config-layers-props';
import { parseEnvFile } from './env-file';
import { checkHierarchy, flattenKey } from './hierarchy';
import { looksSensitive } from '../core/secret-detection';
import { fail } from '../core/violation';

/** One resolved key with its value (which never leaves the construct in clear text). */
export interface ResolvedEntry extends ConfigEntry {
  /** The value. */
  readonly value: string;
}

/** What a redacted value prints as. */
export const REDACTED = '<redacted>';

/** The largest .env file read: configuration, not data (a stray symlink to a disk image stays out). */
export const MAX_ENV_FILE_BYTES = 1024 * 1024;

/**
 * Reads one layer file: a regular file (a FIFO would block the synth forever, a device such as
 * /dev/zero would exhaust memory; a symlink is followed to what it names) of at most
 * MAX_ENV_FILE_BYTES.
 */
function readEnvFile(scope: IConstruct, full: string, display: string): string {
  const stat = fs.statSync(full);
  if (!stat.isFile()) {
    fail(scope, { prop: 'directory', found: `${display} is ${stat.isFIFO() ? 'a FIFO' : stat.isDirectory() ? 'a directory' : 'not a regular file'}`, needed: 'must hold .env layers as regular files', fix: `replace ${display} with a regular file, or remove it` });
  }
  if (stat.size > MAX_ENV_FILE_BYTES) {
    fail(scope, { prop: 'directory', found: `${display} has ${stat.size} bytes`, needed: `must hold .env files of at most ${MAX_ENV_FILE_BYTES} bytes`, fix: 'keep configuration small; move data to a mounted file or a ConfigMap of its own' });
  }
  return fs.readFileSync(full, 'utf8');
}

/** The layer names in precedence order, lowest first, for an environment. */
export function layerFiles(environment: string): string[] {
  return ['.env', '.env.local', `.env.${environment}`, `.env.${environment}.local`];
}

/**
 * Reads and merges the layers (code defaults, the `.env` files of `props.directory`, the
 * opt-in process environment, code overrides; the last wins, key by key), checks the keys and
 * the `__` hierarchy, flattens the keys and marks the sensitive ones. The I/O of ConfigLayers.
 */
export function resolveLayers(scope: IConstruct, props: ConfigLayersProps): ResolvedEntry[] {
  if (!fs.existsSync(props.directory) || !fs.statSync(props.directory).isDirectory()) {
    fail(scope, { prop: 'directory', found: props.directory, needed: 'must be an existing directory of .env files', fix: 'create it or point directory at it' });
  }
  const layers: Array<{ layer: string; assignments: Array<{ key: string; value: string; source: string }> }> = [];
  const code = (layer: string, values?: { [key: string]: string }) =>
    layers.push({ layer, assignments: Object.entries(values ?? {}).map(([key, value]) => ({ key, value, source: layer })) });
  code('defaults', props.defaults);
  for (const file of layerFiles(props.environment)) {
    const full = path.join(props.directory, file);
    if (!fs.existsSync(full)) continue;
    const display = path.join(path.basename(props.directory), file);
    const text = readEnvFile(scope, full, display);
    try {
      layers.push({ layer: file, assignments: parseEnvFile(display, text) });
    } catch (e) {
      throw new Error(`${scope.node.path}: ${(e as Error).message}`);
    }
  }
  if (props.processEnv) {
    const { allow = [], prefix } = props.processEnv;
    const names = Object.keys(process.env).filter((k) => allow.includes(k) || (prefix !== undefined && prefix !== '' && k.startsWith(prefix))).sort();
    code('process.env', Object.fromEntries(names.map((k) => [k, process.env[k] ?? ''])));
  }
  code('overrides', props.overrides);

  // Last layer wins, key by key.
  const merged = new Map<string, { key: string; value: string; source: string; layer: string }>();
  for (const { layer, assignments } of layers) {
    for (const a of assignments) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a.key)) {
        fail(scope, { prop: layer, found: a.key, needed: 'must be a variable name of letters, digits and _', fix: 'rename the key' });
      }
      merged.delete(a.key);
      merged.set(a.key, { ...a, layer });
    }
  }
  const all = [...merged.values()];
  try {
    checkHierarchy(all);
  } catch (e) {
    throw new Error(`${scope.node.path}: ${(e as Error).message}`);
  }

  // Either form of a hierarchical key names it: DB__PASS and DB_PASS are the same variable.
  const sensitiveKeys = new Set((props.sensitiveKeys ?? []).map(flattenKey));
  const notSensitiveKeys = new Set((props.notSensitiveKeys ?? []).map(flattenKey));
  for (const key of sensitiveKeys) {
    if (notSensitiveKeys.has(key)) {
      fail(scope, { prop: 'notSensitiveKeys', found: key, needed: 'must not also be in sensitiveKeys', fix: 'keep the key in one of the two lists' });
    }
  }
  return all
    .map((a) => {
      const key = flattenKey(a.key);
      const sensitive = sensitiveKeys.has(key) || (!notSensitiveKeys.has(key) && looksSensitive(key, a.value));
      return { key, originalKey: a.key, value: a.value, layer: a.layer, source: a.source, sensitive };
    })
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}
