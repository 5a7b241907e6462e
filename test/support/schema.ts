/**
 * Strict schema validation of synthesized objects against the Kubernetes 1.27 OpenAPI
 * definitions and the upstream CRD schemas (test/support/schemas, generated from ../shared):
 *
 * - types, required fields and enums, as the schemas give them;
 * - formats as the API server reads them: int32 and int64 ranges, base64 `byte`, RFC 3339
 *   `date-time`, IP addresses, and resource quantities (the API server's quantity grammar);
 * - unknown fields: every object schema is closed (`additionalProperties: false`) unless it
 *   preserves unknown fields, as kubectl's default strict field validation rejects them, so a
 *   misspelt field fails here, not at deploy time.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { _Code } from 'ajv/dist/compile/codegen/code';
import standaloneCode from 'ajv/dist/standalone';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { goRegExp } = require('./go-regexp.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const k8sFormats: { formats: { [name: string]: object }; code: string } = require('./k8s-formats.cjs');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A synthesized Kubernetes object. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { name?: string; namespace?: string };
  readonly [field: string]: unknown;
}

const readSchema = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', file), 'utf8'));
let kubernetes: { definitions: { [name: string]: JsonObject } } | undefined;
let crds: { [gvk: string]: JsonObject } | undefined;
/** The schemas, read only when a validator has to be compiled. */
const KUBERNETES = (): { definitions: { [name: string]: JsonObject } } => (kubernetes ??= readSchema('kubernetes-1.27.json'));
const CRDS = (): { [gvk: string]: JsonObject } => (crds ??= readSchema('crds.json'));

const OBJECT_META = 'k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/**
 * A resource quantity as the API server parses it (k8s.io/apimachinery resource.ParseQuantity):
 * a signed decimal number, then a binary suffix (Ki..Ei), a decimal suffix (n, u, m, k, M..E)
 * or a decimal exponent (e3, E-2).
 */
const QUANTITY_PATTERN = '^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?$';


/**
 * Closes every object schema that lists its properties, except where the schema preserves
 * unknown fields, and inside combinators (structural-schema branches only add constraints).
 */
function close(node: Json, inCombinator = false): Json {
  if (Array.isArray(node)) return node.map((n) => close(n, inCombinator));
  if (!node || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([field, schema]) => [field, close(schema)]));
    } else {
      out[key] = close(value, inCombinator || ['allOf', 'anyOf', 'oneOf', 'not'].includes(key));
    }
  }
  if (!inCombinator && out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();
let builtinKinds: Map<string, string> | undefined;

/**
 * Compiled validators are cached on disk as standalone modules (`.jest-cache/schemas/`), keyed
 * by a hash of the schemas, this file and Ajv's version: building Ajv's view of the Kubernetes
 * schema costs about a second, and jest would pay it in every test file.
 */
const CACHE_DIR = path.join(__dirname, '..', '..', '.jest-cache', 'schemas');
let cacheKey: string | undefined;
function cacheFile(key: string): string {
  if (!cacheKey) {
    const hash = crypto.createHash('sha256');
    for (const file of ['kubernetes-1.27.json', 'crds.json']) hash.update(fs.readFileSync(path.join(__dirname, 'schemas', file)));
    hash.update(fs.readFileSync(__filename));
    hash.update(fs.readFileSync(path.join(__dirname, 'k8s-formats.cjs')));
    hash.update(fs.readFileSync(require.resolve('ajv/package.json')));
    cacheKey = hash.digest('hex').slice(0, 16);
  }
  return path.join(CACHE_DIR, `${cacheKey}-${key.replace(/[^A-Za-z0-9.-]/g, '_')}.cjs`);
}

function compiler(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, code: { source: true, regExp: goRegExp, formats: new _Code(k8sFormats.code) } });
    for (const [name, format] of Object.entries(k8sFormats.formats)) ajv.addFormat(name, format as never);
    const definitions = close(KUBERNETES().definitions) as { [name: string]: JsonObject };
    // A quantity is a string or a number; a string must follow the quantity grammar.
    definitions[QUANTITY] = { oneOf: [{ type: 'string', pattern: QUANTITY_PATTERN }, { type: 'number' }] };
    ajv.addSchema({ definitions } as object, 'k8s');
    builtinKinds = new Map();
    for (const [name, def] of Object.entries(KUBERNETES().definitions)) {
      const gvks = def['x-kubernetes-group-version-kind'] as Array<{ group: string; version: string; kind: string }> | undefined;
      for (const gvk of gvks ?? []) {
        builtinKinds.set(`${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`, name);
      }
    }
  }
  return ajv;
}

function validatorFor(apiVersion: string, kind: string): ValidateFunction {
  const key = `${apiVersion}/${kind}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const file = cacheFile(key);
  let validate: ValidateFunction;
  if (fs.existsSync(file)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    validate = require(file) as ValidateFunction;
  } else {
    validate = compile(key);
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Written whole, then renamed: a parallel test worker never reads half a module.
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, standaloneCode(compiler(), validate));
    fs.renameSync(temporary, file);
  }
  validators.set(key, validate);
  return validate;
}

function compile(key: string): ValidateFunction {
  const ajvInstance = compiler();
  const builtin = builtinKinds!.get(key);
  if (builtin) return ajvInstance.compile({ $ref: `k8s#/definitions/${builtin}` });
  if (CRDS()[key]) {
    const schema = close(CRDS()[key]) as JsonObject;
    const properties = { ...(schema.properties as JsonObject), metadata: { $ref: OBJECT_META } };
    const required = [...new Set(['apiVersion', 'kind', 'metadata', ...((schema.required as string[]) ?? [])])];
    return ajvInstance.compile({ ...schema, properties, required });
  }
  throw new Error(`no Kubernetes 1.27 or CRD schema for ${key}: only kinds with a published schema may be rendered`);
}

function formatError(e: ErrorObject): string {
  const where = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') return `${where}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  return `${where}: ${e.message}${e.keyword === 'enum' ? ` (${JSON.stringify((e.params as { allowedValues: unknown }).allowedValues)})` : ''}`;
}

/**
 * Validates one object; returns the problems found (empty when valid).
 */
export function schemaProblems(obj: KubeObject): string[] {
  const name = `${obj.kind}/${obj.metadata?.name ?? '<unnamed>'}`;
  const problems: string[] = [];
  const validate = validatorFor(obj.apiVersion, obj.kind);
  if (!validate(obj)) {
    for (const e of validate.errors ?? []) {
      // oneOf noise: report the branch errors, not the summary.
      if (e.keyword === 'oneOf' || e.keyword === 'anyOf') continue;
      problems.push(`${name} ${formatError(e)}`);
    }
  }
  return [...new Set(problems)];
}

/**
 * Throws when any object fails validation, listing every problem.
 */
export function expectValidObjects(objects: readonly KubeObject[]): void {
  const problems = objects.flatMap(schemaProblems);
  if (problems.length > 0) {
    throw new Error(`schema validation failed:\n  ${problems.join('\n  ')}`);
  }
}
