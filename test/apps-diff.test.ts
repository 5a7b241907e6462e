/*
 * `cdk8s-zd diff` on the reference releases: each step the README tells a user to take, one
 * change at a time, has no error finding; the same steps squashed into one change are flagged.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Environment } from '../apps/environments';
import { System } from '../apps/systems';
import { FindingSeverity } from '../src';
import { systemObjects } from './support/apps';
import { runCli } from '../src/cli/cdk8s-zd';
import { diffManifests } from '../src/policy/diff/diff-engine';

function releaseCopy(system: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-diff-release-'));
  for (const file of fs.readdirSync(path.join('apps', system, 'release'))) fs.copyFileSync(path.join('apps', system, 'release', file), path.join(dir, file));
  return dir;
}

function command(dir: string, file: string, ...args: string[]): void {
  const err: string[] = [];
  expect({ code: runCli([...args, '--file', path.join(dir, file)], { out: () => undefined, err: (l) => err.push(l) }), err }).toEqual({ code: 0, err: [] });
}

const manifests = (system: System, environment: Environment, dir: string) =>
  systemObjects(system, environment, { releaseDirectory: dir }).map((object, i) => ({ object, source: `${system}#${i}` }));

function errors(base: ReturnType<typeof manifests>, head: ReturnType<typeof manifests>): string[] {
  return diffManifests(base, head, { environment: 'production' }).findings
    .filter((f) => f.severity === FindingSeverity.ERROR && f.suppressed === undefined)
    .map((f) => `${f.rule} ${f.message}`);
}

describe('meetinity-gateway production, blue/green', () => {
  const dir = releaseCopy('meetinity-gateway');
  const steps: Array<[string, ReturnType<typeof manifests>]> = [['stable', manifests('meetinity-gateway', 'production', dir)]];
  const step = (name: string, ...args: string[]) => {
    command(dir, 'production.json', ...args);
    steps.push([name, manifests('meetinity-gateway', 'production', dir)]);
  };
  step('stage', 'stage', '--image', 'ghcr.io/meetinity/api-gateway:1.9.0-5e6f7a8');
  step('promote', 'promote');
  step('rollback', 'rollback');
  step('promote again', 'promote');
  step('finalize', 'finalize');

  test.each(steps.slice(1).map(([name], i) => [steps[i][0], name, i]))('%s -> %s: no error', (_from, _to, i) => {
    expect(errors(steps[i as number][1], steps[(i as number) + 1][1])).toEqual([]);
  });

  test('stage and promote squashed into one change: flagged (the new colour cannot be ready when the selector moves)', () => {
    expect(errors(steps[0][1], steps[2][1])).toEqual([expect.stringMatching(/^ZD103 Service\/meetinity-api-gateway spec\.selector \(Deployment\/meetinity-api-gateway-blue \(\d+\) -> Deployment\/meetinity-api-gateway-green/)]);
  });

  test('promote and finalize squashed: flagged (the colour it leaves stops at once)', () => {
    expect(errors(steps[3][1], steps[5][1])).toEqual([expect.stringMatching(/^ZD104 Service\/meetinity-api-gateway spec\.selector \(moves to Deployment\/meetinity-api-gateway-green and stops Deployment\/meetinity-api-gateway-blue/)]);
  });
});

describe('graphics-world production, canary by replica ratio', () => {
  const dir = releaseCopy('graphics-world');
  const file = 'production.chat-service.json';
  const steps: Array<[string, ReturnType<typeof manifests>]> = [['canary 10 %', manifests('graphics-world', 'production', dir)]];
  const step = (name: string, ...args: string[]) => {
    command(dir, file, ...args);
    steps.push([name, manifests('graphics-world', 'production', dir)]);
  };
  step('canary 30 %', 'canary', '--weight', '30');
  step('promote', 'promote');
  step('a new canary at 10 %', 'canary', '--image', 'registry.local/chat-service:2.2.0-1a2b3c4', '--weight', '10');
  step('rollback', 'rollback');

  test.each(steps.slice(1).map(([name], i) => [steps[i][0], name, i]))('%s -> %s: no error', (_from, _to, i) => {
    expect(errors(steps[i as number][1], steps[(i as number) + 1][1])).toEqual([]);
  });
});

describe('chaos-world-gateway production, Argo Rollouts blue/green', () => {
  test('the image change (stage) is no error', () => {
    const dir = releaseCopy('chaos-world-gateway');
    const before = manifests('chaos-world-gateway', 'production', dir);
    command(dir, 'production.json', 'stage', '--image', 'chaos-world/api-gateway:1.1.0-f00dfee');
    expect(errors(before, manifests('chaos-world-gateway', 'production', dir))).toEqual([]);
  });
});
