import * as fs from 'fs';
import * as path from 'path';
import { CRD_TYPES_FILE, crdTypes, readCrds, RENDERED_KINDS } from '../support/schemas/crd-types';

describe('src/crd/models.ts', () => {
  test('is what `npx projen crd:types` generates from the CRD schemas', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', CRD_TYPES_FILE), 'utf8');
    expect(committed === crdTypes(readCrds())).toBe(true);
  });

  test('types every kind the library renders, with its apiVersion and kind as literals', () => {
    const generated = crdTypes(readCrds());
    for (const [gvk, name] of Object.entries(RENDERED_KINDS)) {
      const kind = gvk.slice(gvk.lastIndexOf('/') + 1);
      expect(generated).toContain(`export interface ${name} {\n  readonly apiVersion: '${gvk.slice(0, gvk.lastIndexOf('/'))}';\n  readonly kind: '${kind}';`);
    }
  });

  test('refuses a kind the schemas do not hold', () => {
    expect(() => crdTypes({})).toThrow('crds.json has no schema for argoproj.io/v1alpha1/AnalysisTemplate; run npx projen schemas');
  });
});
