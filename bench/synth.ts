/**
 * Synth benchmark (a measurement, never a test): builds and writes every reference system x
 * environment several times and prints the median and spread per system and in total.
 *
 *   npx projen bench            # 10 rounds
 *   ROUNDS=30 npx projen bench
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ENVIRONMENTS } from '../apps/environments';
import { buildSystem, SYSTEMS } from '../apps/systems';

const rounds = Number(process.env.ROUNDS ?? 10);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-bench-'));
const samples = new Map<string, number[]>();

function record(name: string, millis: number): void {
  samples.set(name, [...(samples.get(name) ?? []), millis]);
}

for (let round = 0; round < rounds + 1; round++) {
  const totalStart = performance.now();
  for (const system of SYSTEMS) {
    const start = performance.now();
    for (const environment of ENVIRONMENTS) buildSystem(system, environment, outdir).synth();
    // Round 0 warms the module cache and JIT; it is not reported.
    if (round > 0) record(system, performance.now() - start);
  }
  if (round > 0) record('all 15 apps', performance.now() - totalStart);
}
fs.rmSync(outdir, { recursive: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`synth benchmark: ${rounds} rounds after 1 warm-up, node ${process.version}, ${os.cpus().length} cpus`);
console.log('name'.padEnd(24), 'median ms'.padStart(10), 'min ms'.padStart(10), 'max ms'.padStart(10));
for (const [name, values] of samples) {
  const columns = [median(values), Math.min(...values), Math.max(...values)].map((v) => v.toFixed(1).padStart(10));
  console.log(name.padEnd(24), ...columns);
}
