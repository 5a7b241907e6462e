/**
 * Regenerates the schema bundles the tests validate against, from ../shared:
 *
 * - kubernetes-1.27.json: the Kubernetes 1.27 OpenAPI definitions (cdk8s-team/cdk8s
 *   kubernetes-schemas/v1.27.0/_definitions.json), descriptions stripped.
 * - crds.json: `<apiVersion>/<kind>` -> openAPIV3Schema of every served version of the CRDs
 *   of the maintained model packages (upstream CRD manifests), descriptions stripped.
 *
 * Run with `npx projen schemas` when ../shared changes; the output is committed so that tests
 * need nothing outside this repository.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Run from the repository root; ../shared sits beside it.
const SHARED = path.resolve(process.cwd(), '..', 'shared');
const OUT = path.resolve(process.cwd(), 'test', 'support', 'schemas');
const DROP = new Set(['description', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'example']);

function strip(node: Json): Json {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(node).sort()) {
      if (DROP.has(key)) continue;
      // `properties` keys are field names, not keywords: keep a field called "description".
      out[key] = key === 'properties' ? stripProperties(node[key]) : strip(node[key]);
    }
    return out;
  }
  return node;
}

function stripProperties(node: Json): Json {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(node).sort()) out[key] = strip(node[key]);
  return out;
}

function kubernetes(): void {
  const source = path.join(SHARED, 'kubernetes-schemas/v1.27.0/_definitions.json');
  const definitions = JSON.parse(fs.readFileSync(source, 'utf8')).definitions;
  fs.writeFileSync(path.join(OUT, 'kubernetes-1.27.json'), JSON.stringify({ definitions: strip(definitions) }) + '\n');
}

function crdFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return crdFiles(full);
    return entry.name.endsWith('.yaml') ? [full] : [];
  }).sort();
}

function crds(): void {
  const bundle: { [gvk: string]: Json } = {};
  // The standard Gateway API channel wins over the experimental one for the same version.
  const files = crdFiles(path.join(SHARED, 'crds')).sort((a, b) => Number(a.includes('/experimental/')) - Number(b.includes('/experimental/')));
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        if (!version.served || !version.schema?.openAPIV3Schema) continue;
        const key = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
        if (!(key in bundle)) bundle[key] = strip(version.schema.openAPIV3Schema);
      }
    }
  }
  const sorted: { [gvk: string]: Json } = {};
  for (const key of Object.keys(bundle).sort()) sorted[key] = bundle[key];
  fs.writeFileSync(path.join(OUT, 'crds.json'), JSON.stringify(sorted) + '\n');
}

kubernetes();
crds();
