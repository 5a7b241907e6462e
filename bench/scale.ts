/**
 * Scale benchmark (a measurement, never a test), for the numbers issue "Policy as a stage"
 * names:
 *   - synth of N production workloads (GatewayDeployment + AutoscaledWorkload, one chart) against
 *     emitting the same manifests as raw ApiObjects, at N = 1,000 and 5,000: the ratio, and
 *     how each grows from 1,000 to 5,000 (5.0x is linear);
 *   - the same with the rule stage off, to show what the stage costs;
 *   - one chart of 10,000 objects (no stack overflow);
 *   - `cdk8s-zd check` over 5,000 objects: reading the YAML, and the rules.
 *
 *   npx projen bench:scale
 *   SIZES=1000 ROUNDS=3 npx projen bench:scale
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { AutoscaledWorkload, EnvironmentProfile, GatewayDeployment, RULES_CONTEXT, ScalingMetric } from '../src';
import { checkManifests } from '../src/policy/engine';
import { parseManifestText } from '../src/policy/manifest-reader';

const SIZES = (process.env.SIZES ?? '1000,5000').split(',').map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const IMAGE = 'ghcr.io/acme/api:1.4.0-abcdef1';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-scale-'));

function libraryApp(workloads: number, rules = true): App {
  const app = new App({ outdir: path.join(tmp, 'library'), yamlOutputType: YamlOutputType.FILE_PER_CHART });
  if (!rules) app.node.setContext(RULES_CONTEXT, 'off');
  const chart = new Chart(app, 'bench');
  const profile = EnvironmentProfile.production();
  for (let i = 0; i < workloads; i++) {
    const gateway = new GatewayDeployment(chart, `Api${i}`, { name: `api-${i}`, image: IMAGE, profile });
    new AutoscaledWorkload(chart, `Scaling${i}`, { target: gateway, metrics: [ScalingMetric.cpuUtilization(70)] });
  }
  return app;
}

function rawApp(objects: unknown[]): App {
  const app = new App({ outdir: path.join(tmp, 'raw'), yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new Chart(app, 'bench');
  objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o as { apiVersion: string; kind: string }));
  return app;
}

/**
 * Times the variants round-robin (so drift and GC pressure hit each alike) and returns each
 * one's median and the peak resident memory seen.
 */
function timeRoundRobin(variants: ReadonlyArray<() => App>): Array<{ ms: number; rssMb: number }> {
  const samples = variants.map(() => [] as number[]);
  const rss = variants.map(() => 0);
  for (let r = 0; r < ROUNDS; r++) {
    variants.forEach((build, i) => {
      global.gc?.();
      const start = performance.now();
      build().synth();
      samples[i].push(performance.now() - start);
      rss[i] = Math.max(rss[i], process.memoryUsage().rss);
    });
  }
  return samples.map((values, i) => ({ ms: [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)], rssMb: rss[i] / 1024 / 1024 }));
}

console.log(`scale benchmark: median of ${ROUNDS} round-robin rounds, node ${process.version}, ${os.cpus().length} cpus`);
const rows: Array<{ n: number; library: number; raw: number; unchecked: number; objects: number }> = [];
for (const n of SIZES) {
  const objects = render(libraryApp(n));
  libraryApp(n).synth(); // warm-up: module loading and JIT are not what is measured
  const [library, raw, unchecked] = timeRoundRobin([() => libraryApp(n), () => rawApp(objects), () => libraryApp(n, false)]);
  rows.push({ n, library: library.ms, raw: raw.ms, unchecked: unchecked.ms, objects: objects.length });
  console.log(`synth ${n} production workloads (${objects.length} objects): library ${library.ms.toFixed(0)} ms, raw ApiObjects ${raw.ms.toFixed(0)} ms, ratio ${(library.ms / raw.ms).toFixed(2)}x; without the rule stage ${unchecked.ms.toFixed(0)} ms (${(unchecked.ms / raw.ms).toFixed(2)}x); peak rss ${library.rssMb.toFixed(0)} MB (raw ${raw.rssMb.toFixed(0)} MB)`);
}
if (rows.length > 1) {
  const [a, b] = [rows[0], rows[rows.length - 1]];
  const k = b.n / a.n;
  console.log(`growth ${a.n} -> ${b.n} workloads (x${k}): library x${(b.library / a.library).toFixed(2)}, raw x${(b.raw / a.raw).toFixed(2)} (x${k.toFixed(1)} is linear)`);
}

// One chart of 10,000 objects: the apply order is a sort, so nothing recurses per object.
{
  const app = new App({ outdir: path.join(tmp, 'big') });
  const chart = new Chart(app, 'big');
  const profile = EnvironmentProfile.production();
  let i = 0;
  while (chart.node.findAll().filter((c) => c instanceof ApiObject).length < 10000) {
    const gateway = new GatewayDeployment(chart, `Api${i}`, { name: `api-${i}`, image: IMAGE, profile });
    new AutoscaledWorkload(chart, `Scaling${i}`, { target: gateway, metrics: [ScalingMetric.cpuUtilization(70)] });
    i++;
  }
  const start = performance.now();
  app.synth();
  console.log(`one chart of ${chart.node.findAll().filter((c) => c instanceof ApiObject).length} objects: synthesized in ${(performance.now() - start).toFixed(0)} ms`);
}

// check over 5,000 objects: read the YAML the library wrote, then run every rule.
{
  const n = Math.ceil(5000 / (rows[0]?.objects && rows[0].n ? rows[0].objects / rows[0].n : 5));
  const app = libraryApp(n);
  app.synth();
  const file = path.join(tmp, 'library', 'bench.k8s.yaml');
  const text = fs.readFileSync(file, 'utf8');
  let read = Infinity;
  let rules = Infinity;
  let count = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    const inputs = parseManifestText(text, file);
    const t1 = performance.now();
    checkManifests(inputs, { environment: 'production' });
    const t2 = performance.now();
    read = Math.min(read, t1 - t0);
    rules = Math.min(rules, t2 - t1);
    count = inputs.length;
  }
  console.log(`check ${count} objects: read ${read.toFixed(0)} ms + rules ${rules.toFixed(0)} ms = ${(read + rules).toFixed(0)} ms`);
}
fs.rmSync(tmp, { recursive: true });

function render(app: App): unknown[] {
  return app.charts.flatMap((c) => c.toJson());
}
