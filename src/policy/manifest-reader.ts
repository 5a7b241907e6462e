import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SCHEMA, FAILSAFE_SCHEMA, loadAll, Type } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { ManifestInput } from './model/manifest-model';

/** A file, directory or stream that could not be read as manifests. */
export class ManifestReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestReadError';
  }
}

/**
 * YAML 1.1 scalars as Kubernetes' Go parser reads them, on top of js-yaml's 1.2 core types:
 * `yes`/`no`/`on`/`off`/`y`/`n` are booleans and `0644` is octal. Timestamps stay strings, as
 * they do when kubectl turns YAML into JSON. (js-yaml keeps one type per tag, so these replace
 * its bool and int types and hand everything else to them.)
 */
// js-yaml's schemas expose their compiled type lists at run time (not in @types/js-yaml).
interface TypeWithTag { readonly tag: string; resolve(data: string | null): boolean; construct(data: string): unknown }
const DEFAULT_TYPES = DEFAULT_SCHEMA as unknown as { readonly implicit: TypeWithTag[]; readonly explicit: Type[] };
const coreType = (tag: string) => DEFAULT_TYPES.implicit.find((t) => t.tag === `tag:yaml.org,2002:${tag}`)!;
const CORE_BOOL = coreType('bool');
const CORE_INT = coreType('int');
const BOOL_11 = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const OCTAL_11 = /^[-+]?0[0-7]+$/;
const YAML11_BOOL = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => (data !== null && BOOL_11.test(data)) || CORE_BOOL.resolve(data),
  construct: (data: string) => (BOOL_11.test(data) ? /^(?:y|yes|on)$/i.test(data) : CORE_BOOL.construct(data)),
});
const YAML11_INT = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => (data !== null && OCTAL_11.test(data)) || CORE_INT.resolve(data),
  construct: (data: string) => (OCTAL_11.test(data) ? (data.startsWith('-') ? -1 : 1) * parseInt(data.replace(/^[-+]/, ''), 8) : CORE_INT.construct(data)),
});
const REPLACED = new Set(['bool', 'int', 'timestamp'].map((t) => `tag:yaml.org,2002:${t}`));
const KUBERNETES_SCHEMA = FAILSAFE_SCHEMA.extend({
  // js-yaml takes the first implicit type that resolves a plain scalar: ints before floats.
  implicit: DEFAULT_TYPES.implicit.flatMap((t) => {
    if (t.tag === 'tag:yaml.org,2002:bool') return [YAML11_BOOL];
    if (t.tag === 'tag:yaml.org,2002:int') return [YAML11_INT];
    return REPLACED.has(t.tag) ? [] : [t as unknown as Type];
  }),
  explicit: DEFAULT_TYPES.explicit,
});

/** Files in a directory that hold manifests. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** The largest manifest file read (kubectl has no limit; this keeps a stray disk image out). */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/**
 * Reads manifests as leniently as kubectl does: multi-document YAML (or JSON), YAML 1.1
 * scalars (`yes`, `on`, octal), merge keys, duplicate keys (the last wins), `kind: List`
 * expanded into its items, and empty documents (Helm's `# Source:` stubs) skipped. A path is a
 * file, a directory (read recursively, `*.yaml`, `*.yml`, `*.json`, in name order), or `-` for
 * `stdin`. Anything unreadable throws a ManifestReadError naming the file and the document.
 */
export function readManifests(paths: readonly string[], stdin: () => string = () => fs.readFileSync(0, 'utf8')): ManifestInput[] {
  const out: ManifestInput[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push(...parseManifestText(stdin(), '<stdin>'));
      continue;
    }
    for (const file of expand(p)) out.push(...parseManifestText(readText(file), file));
  }
  return out;
}

/**
 * Parses one file's text; `source` names it in errors and findings. js-yaml reads it first (ten
 * times faster than the `yaml` package, and as lenient as Go's parser where `yaml` is strict,
 * such as the continuation lines of a long quoted scalar indented less than its key, common in
 * CRDs), with YAML 1.1 booleans and octals; a file it refuses is read again by `yaml` as YAML
 * 1.1, whose message (first line only: never the text around it) names the problem.
 */
export function parseManifestText(text: string, source: string): ManifestInput[] {
  let values: unknown[];
  try {
    values = loadAll(text, undefined, { filename: source, json: true, schema: KUBERNETES_SCHEMA });
  } catch {
    values = parseStrictly(text, source);
  }
  const out: ManifestInput[] = [];
  values.forEach((value, i) => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ManifestReadError(`${where(source, values.length, i)}: is a ${Array.isArray(value) ? 'list' : typeof value}, not a Kubernetes object (a mapping with apiVersion and kind)`);
    }
    const o = value as { kind?: unknown; items?: unknown };
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      for (const item of o.items) out.push({ object: item, source });
    } else {
      out.push({ object: value, source });
    }
  });
  return out;
}

function parseStrictly(text: string, source: string): unknown[] {
  const docs = parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false, prettyErrors: true, strict: false, logLevel: 'error' });
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((doc, i) => {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const line = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
      const reason = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new ManifestReadError(`${where(source, list.length, i)}: not valid YAML${line}: ${reason}`);
    }
    try {
      return doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      throw new ManifestReadError(`${where(source, list.length, i)}: cannot be read: ${(e as Error).message.split('\n')[0]}`);
    }
  });
}

function where(source: string, documents: number, index: number): string {
  return documents > 1 ? `${source} (document ${index + 1})` : source;
}

function expand(p: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (e) {
    throw new ManifestReadError(`${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  if (stat.isFile()) return [p];
  if (!stat.isDirectory()) throw new ManifestReadError(`${p}: not a regular file or directory`);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && MANIFEST_FILE.test(entry.name)) files.push(full);
    }
  };
  walk(p);
  return files;
}

function readText(file: string): string {
  const stat = fs.statSync(file);
  if (stat.size > MAX_MANIFEST_BYTES) {
    throw new ManifestReadError(`${file}: ${stat.size} bytes is larger than the ${MAX_MANIFEST_BYTES} bytes a manifest file may have`);
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ManifestReadError(`${file}: cannot be read: ${(e as Error).message}`);
  }
}
