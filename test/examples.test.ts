import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FindingSeverity } from '../src';
import { expectValidObjects, KubeObject } from './support/schema';
import { checkManifests } from '../src/policy/engine';
import { readManifests } from '../src/policy/manifest-reader';

const EXAMPLES = path.join(__dirname, '..', 'examples');
const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts')).sort();

/** Runs an example app as `node` would, with its output in a folder of its own; returns the objects. */
function runExample(file: string): { dir: string; objects: KubeObject[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
  const outdir = process.env.CDK8S_OUTDIR;
  const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  process.env.CDK8S_OUTDIR = dir;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(EXAMPLES, file));
    });
  } finally {
    if (outdir === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = outdir;
    log.mockRestore();
  }
  const objects = readManifests([dir]).map((m) => m.object as KubeObject);
  return { dir, objects };
}

describe('examples/', () => {
  test('there is one per construct family and a complete production service', () => {
    expect(examples).toEqual([
      'autoscaling.ts', 'blue-green.ts', 'canary.ts', 'config-layers.ts', 'gateway-deployment.ts', 'observability.ts', 'operations.ts',
      'production-service.ts', 'rules.ts', 'security.ts', 'traffic.ts',
    ]);
  });

  test.each(examples)('%s synthesizes schema-valid manifests that pass the zero-downtime rules', (file) => {
    const { dir, objects } = runExample(file);
    expect(objects.length).toBeGreaterThan(0);
    expectValidObjects(objects);
    const report = checkManifests(readManifests([dir]), { environment: 'production' });
    expect(report.findings.filter((f) => f.severity === FindingSeverity.ERROR && f.suppressed === undefined)).toEqual([]);
  });

  test('the complete production service renders what its comment promises', () => {
    const kinds = runExample('production-service.ts').objects.map((o) => `${o.kind}/${o.metadata?.name}`);
    expect(kinds).toEqual(expect.arrayContaining([
      'Namespace/shop', 'Deployment/api', 'HorizontalPodAutoscaler/api', 'Deployment/storefront-blue', 'Deployment/storefront-green',
      'Service/storefront', 'Service/storefront-preview', 'ServiceMonitor/storefront', 'PrometheusRule/storefront-alerts', 'ConfigMap/storefront-dashboard',
    ]));
  });
});

describe('README.md', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const sources = examples.map((f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

  test('has TypeScript snippets', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
  });

  test.each(blocks.map((b, i) => [i, b]))('snippet %i is a part of an example that compiles and synthesizes', (_i, block) => {
    const lines = (block as string).split('\n').filter((l) => l.trim() !== '');
    expect(sources.some((source) => lines.every((line) => source.includes(line)) && source.includes((block as string).trim()))).toBe(true);
  });

  test('speaks to users of the package: no seed numbers', () => {
    expect(readme).not.toMatch(/seed \d{3}/i);
  });
});
