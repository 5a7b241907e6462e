/*
 * The reference releases, step by step as the README tells a user to take them: each step a
 * `cdk8s-zd` command on a copy of the system's release files, then a synth. `cdk8s-zd diff`
 * reviews each step (test/apps-diff.test.ts); the cluster tests apply each one to a real API
 * server (test/cluster/).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { systemObjects } from './apps';
import { KubeObject } from './schema';
import { Environment } from '../../apps/environments';
import { System } from '../../apps/systems';
import { runCli } from '../../src/cli/cdk8s-zd';

/** One reference release: the commands, in order, on one release file. */
export interface ReferenceRelease {
  readonly title: string;
  readonly system: System;
  readonly environment: Environment;
  /** The release file the commands rewrite. */
  readonly file: string;
  /** The name of the state before the first command. */
  readonly start: string;
  /** Each step: its name and the command's arguments. */
  readonly steps: ReadonlyArray<readonly [string, readonly string[]]>;
  /**
   * What the user runs on the cluster in a step, by step name, besides applying its manifests:
   * `kubectl argo rollouts promote` for an Argo promotion (the rehearsal runs it).
   * @default none
   */
  readonly clusterCommands?: { readonly [step: string]: readonly string[] };
}

export const REFERENCE_RELEASES: readonly ReferenceRelease[] = [
  {
    title: 'meetinity-gateway production, blue/green',
    system: 'meetinity-gateway',
    environment: 'production',
    file: 'production.json',
    start: 'stable',
    steps: [
      ['stage', ['stage', '--image', 'ghcr.io/meetinity/api-gateway:1.9.0-5e6f7a8']],
      ['promote', ['promote']],
      ['rollback', ['rollback']],
      ['promote again', ['promote']],
      ['finalize', ['finalize']],
    ],
  },
  {
    title: 'graphics-world production, canary by replica ratio',
    system: 'graphics-world',
    environment: 'production',
    file: 'production.chat-service.json',
    start: 'canary 10 %',
    steps: [
      ['canary 30 %', ['canary', '--weight', '30']],
      ['promote', ['promote']],
      ['a new canary at 10 %', ['canary', '--image', 'registry.local/chat-service:2.2.0-1a2b3c4', '--weight', '10']],
      ['rollback', ['rollback']],
    ],
  },
  {
    title: 'chaos-world-gateway production, Argo Rollouts blue/green',
    system: 'chaos-world-gateway',
    environment: 'production',
    file: 'production.json',
    start: 'stable',
    steps: [
      ['stage (the image change)', ['stage', '--image', 'chaos-world/api-gateway:1.1.0-f00dfee']],
      ['promote', ['promote']],
      ['finalize', ['finalize']],
      ['stage a release the analysis fails', ['stage', '--image', 'chaos-world/api-gateway:1.2.0-bad0bad']],
      ['abort', ['abort']],
    ],
    clusterCommands: { promote: ['argo', 'rollouts', 'promote', 'api-gateway', '-n', 'api-gateway'] },
  },
  {
    // Argo's steps move the weight: the file records the image (README, "Argo canaries").
    title: 'chaos-world-gateway staging, Argo Rollouts canary',
    system: 'chaos-world-gateway',
    environment: 'staging',
    file: 'staging.json',
    start: 'canary under way',
    steps: [
      ['promote (Argo took it through every step)', ['promote']],
      ['a new canary', ['canary', '--image', 'chaos-world/api-gateway:1.2.0-c0ffee1']],
      ['promote', ['promote']],
      ['a canary the analysis fails', ['canary', '--image', 'chaos-world/api-gateway:1.3.0-bad0bad']],
      ['rollback', ['rollback']],
    ],
  },
];

/** A release's manifests: one object list, each object with a source for reports. */
export type StepManifests = Array<{ object: KubeObject; source: string }>;

/** A copy of a system's release files, which the steps rewrite. */
export function releaseCopy(system: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-release-'));
  for (const file of fs.readdirSync(path.join('apps', system, 'release'))) fs.copyFileSync(path.join('apps', system, 'release', file), path.join(dir, file));
  return dir;
}

/**
 * Runs one `cdk8s-zd` command on a release file in `dir`, where dist/ holds the manifests the
 * last synth rendered (the commands read them); fails unless it is done without a word on stderr.
 */
export function releaseCommand(dir: string, file: string, args: readonly string[]): void {
  const err: string[] = [];
  const code = runCli([...args, '--file', path.join(dir, file)], { out: () => undefined, err: (l) => err.push(l) }, dir);
  if (code !== 0 || err.length > 0) throw new Error(`cdk8s-zd ${args.join(' ')} on ${file}: exit ${code}: ${err.join('\n')}`);
}

/** The manifests of a system with the release files in `dir`. */
export function releaseManifests(system: System, environment: Environment, dir: string): StepManifests {
  return systemObjects(system, environment, { releaseDirectory: dir }).map((object, i) => ({ object, source: `${system}#${i}` }));
}

/** One state of a release: the step's name, its manifests and the release file's text after it. */
export type ReleaseStepState = [name: string, manifests: StepManifests, releaseFile: string];

/**
 * Every state of a release, the start first. As a user runs them: each command after the synth
 * of the state before it (its manifests in dist/, which the commands read).
 */
export function rehearse(release: ReferenceRelease): ReleaseStepState[] {
  const dir = releaseCopy(release.system);
  fs.mkdirSync(path.join(dir, 'dist'));
  const state = (name: string): ReleaseStepState => {
    const manifests = releaseManifests(release.system, release.environment, dir);
    fs.writeFileSync(path.join(dir, 'dist', `${release.system}.yaml`), Yaml.stringify(...manifests.map((m) => m.object)));
    return [name, manifests, fs.readFileSync(path.join(dir, release.file), 'utf8')];
  };
  const states = [state(release.start)];
  for (const [name, args] of release.steps) {
    releaseCommand(dir, release.file, args);
    states.push(state(name));
  }
  return states;
}
