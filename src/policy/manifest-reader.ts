import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { ManifestInput } from './engine';

/** A file, directory or stream that could not be read as manifests. */
export class ManifestReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestReadError';
  }
}

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
 * Parses one file's text; `source` names it in errors and findings. The `yaml` package reads
 * it as YAML 1.1 (as Kubernetes' Go parser does); a file it refuses is read again with
 * `js-yaml`, which accepts what Go's parser also accepts and `yaml` does not, such as the
 * continuation lines of a long quoted scalar indented less than its key (common in CRDs).
 */
export function parseManifestText(text: string, source: string): ManifestInput[] {
  const docs = parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false, prettyErrors: true, strict: false, logLevel: 'error' });
  const list = Array.isArray(docs) ? docs : [docs];
  const values: unknown[] = [];
  const failed = list.findIndex((doc) => doc.errors.length > 0);
  if (failed < 0) {
    list.forEach((doc, i) => {
      try {
        values.push(doc.toJS({ maxAliasCount: 1000 }));
      } catch (e) {
        throw new ManifestReadError(`${where(source, list.length, i)}: cannot be read: ${(e as Error).message.split('\n')[0]}`);
      }
    });
  } else {
    try {
      values.push(...loadAll(text, undefined, { filename: source, json: true }));
    } catch {
      const e = list[failed].errors[0];
      const line = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
      const reason = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new ManifestReadError(`${where(source, list.length, failed)}: not valid YAML${line}: ${reason}`);
    }
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
