import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { BlueGreenEngine, BlueGreenService, CanaryRelease, CanaryState, CanaryStep, CanaryTraffic, EnvironmentProfile, ReleaseState } from '../../src';
import { runCli } from '../../src/cli/cdk8s-zd';

const A = 'ghcr.io/acme/api:1.0.0-aaaaaaa';
const B = 'ghcr.io/acme/api:1.1.0-bbbbbbb';

function workspace(release: object | string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-cli-'));
  fs.mkdirSync(path.join(dir, 'apps', 'shop', 'release'), { recursive: true });
  const file = path.join(dir, 'apps', 'shop', 'release', 'production.json');
  fs.writeFileSync(file, typeof release === 'string' ? release : JSON.stringify(release, undefined, 2) + '\n');
  return { dir, file };
}

function run(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, cwd);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const STABLE = { activeColour: 'blue', phase: 'stable', images: { blue: A } };

describe('cdk8s-zd', () => {
  test('stage, promote, rollback, finalize rewrite the file and say what to do next', () => {
    const { dir, file } = workspace(STABLE);
    const stage = run(['stage', '--system', 'shop', '--environment', 'production', '--image', B], dir);
    expect(stage.code).toBe(0);
    expect(stage.out).toContain('apps/shop/release/production.json: stage done (stable -> staged)');
    expect(stage.out).toContain('smoke-test green through the preview Service, then: cdk8s-zd promote');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ activeColour: 'blue', phase: 'staged', images: { blue: A, green: B }, version: '1.1.0-bbbbbbb' });

    expect(run(['promote', '--file', file], dir).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ activeColour: 'green', phase: 'promoted' });
    expect(run(['rollback', '--file', file], dir).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ activeColour: 'blue', phase: 'staged' });
    expect(run(['promote', '--file', file], dir).code).toBe(0);
    const finalize = run(['finalize', '--file', file], dir);
    expect(finalize.code).toBe(0);
    expect(finalize.out).toContain('done: only green runs');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ activeColour: 'green', phase: 'stable' });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['production.json']);
  });

  test('status', () => {
    const { dir } = workspace(STABLE);
    const status = run(['status', '--system', 'shop', '--environment', 'production'], dir);
    expect(status.code).toBe(0);
    expect(status.out).toBe([
      `active colour: blue (${A})`,
      `idle colour:   green (${A})`,
      'phase:         stable (running: blue)',
      'version:       1.0.0-aaaaaaa',
    ].join('\n'));
  });

  test('an invalid transition exits 1 and leaves the file byte for byte', () => {
    const { dir, file } = workspace(STABLE);
    const before = fs.readFileSync(file);
    const result = run(['finalize', '--file', file], dir);
    expect(result.code).toBe(1);
    expect(result.err).toBe([
      'cdk8s-zd: apps/shop/release/production.json: cannot finalize: phase is stable, finalize needs promoted; promote the staged colour first; finalizing scales the other colour to 0',
      'cdk8s-zd: nothing written to apps/shop/release/production.json',
    ].join('\n'));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  test('a malformed release file exits 1 naming the file and the field, and is left alone', () => {
    const { dir, file } = workspace('{"activeColour":"purple","phase":"stable","images":{"blue":"a:1"}}');
    const before = fs.readFileSync(file);
    const result = run(['promote', '--file', file], dir);
    expect(result.code).toBe(1);
    expect(result.err).toContain('cdk8s-zd: apps/shop/release/production.json: \'activeColour\' ("purple") must be "blue" or "green"; fix the field or restore the file from git');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  test.each([
    [[], 2, /^usage: cdk8s-zd <command>/],
    [['launch', '--file', 'x'], 2, /^cdk8s-zd: unknown command "launch"; commands: status, stage, promote, rollback, finalize, abort, canary, check, diff$/],
    [['stage', '--file', 'x'], 2, /^cdk8s-zd: stage needs --image <ref>$/],
    [['promote'], 2, /^cdk8s-zd: name the release file with --file <path> or --system <name> --environment <env>$/],
    [['promote', '--file'], 2, /^cdk8s-zd: --file needs a value/],
    [['promote', '--force', 'x'], 2, /^cdk8s-zd: unknown option --force/],
    [['promote', '--file', 'missing.json'], 1, /^cdk8s-zd: missing.json: release file not found/],
    [['stage', '--system', '../../outside', '--environment', 'production', '--image', B], 2,
      /^cdk8s-zd: --system \("\.\.\/\.\.\/outside"\) must be a name of lowercase letters, digits and '-', not a path; use --file <path> for a release file elsewhere$/m],
    [['status', '--system', 'shop', '--environment', 'prod/../x'], 2, /^cdk8s-zd: --environment \("prod\/\.\.\/x"\) must be a name/],
    [['status', '--system', 'shop', '--environment', 'production', '--workload', 'A'], 2, /^cdk8s-zd: --workload \("A"\) must be a name/],
    [['stage', '--system', 'shop', '--environment', 'production', '--image', B, '--version='], 2, /^cdk8s-zd: --version needs a value, not an empty one$/m],
  ])('usage errors %j exit %i', (args, code, message) => {
    const { dir } = workspace(STABLE);
    const result = run(args as string[], dir);
    expect(result.code).toBe(code);
    expect(result.err).toMatch(message);
  });

  test('--help for the tool and for each command', () => {
    const { dir } = workspace(STABLE);
    const help = run(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.out).toContain('exit codes: 0 done, 1 refused (invalid transition or release file; nothing written), 2 usage error');
    const promoteHelp = run(['promote', '--help'], dir);
    expect(promoteHelp.code).toBe(0);
    expect(promoteHelp.out.split('\n')[0]).toBe('cdk8s-zd promote: blue/green: point the active Service at the staged colour; canary: the canary becomes stable');
  });

  describe('canary releases', () => {
    const CANARY = { strategy: 'canary', stable: A, weight: 0 };

    test('canary --image, --weight, promote', () => {
      const { dir, file } = workspace(CANARY);
      const start = run(['canary', '--file', file, '--image', B], dir);
      expect(start.code).toBe(0);
      expect(start.out).toContain('canary 0 % -> 10 %');
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ strategy: 'canary', stable: A, canary: B, weight: 10, version: '1.1.0-bbbbbbb' });
      expect(run(['canary', '--file', file, '--weight', '40'], dir).code).toBe(0);
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).weight).toBe(40);
      expect(run(['promote', '--file', file], dir).code).toBe(0);
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ strategy: 'canary', stable: B, weight: 0, version: '1.1.0-bbbbbbb' });
    });

    test('rollback removes the canary', () => {
      const { dir, file } = workspace({ ...CANARY, canary: B, weight: 20 });
      expect(run(['rollback', '--file', file], dir).code).toBe(0);
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ strategy: 'canary', stable: A, weight: 0 });
    });

    test.each([
      [['canary', '--image', B, '--weight', '150'], "'weight' (150) must be a whole percentage from 0 to 100; fix the field or use cdk8s-zd canary --weight <0-100>"],
      [['canary', '--weight', 'half'], 'cannot canary: --weight (half) must be a whole percentage from 0 to 100'],
      [['canary', '--weight', '20'], 'cannot canary: no canary runs and no image was given; cdk8s-zd canary --image <ref> --weight <percent>'],
      [['promote'], 'cannot promote: no canary runs; start one with cdk8s-zd canary --image <ref>'],
      [['finalize'], 'finalize is not a command for a canary release; use status, canary, promote, rollback'],
      [['canary', '--image', A], `'canary' (${A}) must differ from the stable image: a canary of the same image tests nothing; stage a new image`],
    ])('refuses %j and writes nothing', (args, message) => {
      const { dir, file } = workspace(CANARY);
      const before = fs.readFileSync(file);
      const result = run([...(args as string[]), '--file', file], dir);
      expect(result.code).toBe(1);
      expect(result.err).toContain(message);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    });

    test('canary on a blue/green release file', () => {
      const { dir, file } = workspace(STABLE);
      expect(run(['canary', '--file', file, '--image', B], dir).err).toContain('canary is not a command for a blue/green release; use status, stage, promote, rollback, finalize, abort');
    });
  });
});

describe('next steps name what exists where the command runs', () => {
  test('the manifests folder comes from cdk8s.yaml and the system and environment given; no projen, no placeholders', () => {
    const { dir, file } = workspace(STABLE);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\napp: node main.js\noutput: dist/manifests\n');
    const bySystem = run(['stage', '--system', 'shop', '--environment', 'production', '--image', B], dir);
    expect(bySystem.out).toContain('  1. cdk8s synth                      render the manifests');
    expect(bySystem.out).toContain('  2. git diff apps/shop/release/production.json; kubectl diff -f dist/manifests/shop/production/   review the change');
    expect(bySystem.out).toContain('  3. kubectl apply -f dist/manifests/shop/production/');
    fs.rmSync(path.join(dir, 'cdk8s.yaml'));
    const byFile = run(['promote', '--file', file], dir);
    expect(byFile.out).toContain('  3. kubectl apply -f dist/');
    for (const out of [bySystem.out, byFile.out]) expect(out).not.toMatch(/projen|<system>|<environment>|<release file>/);
  });
});

describe('writing the release file', () => {
  const stage = (file: string, dir: string) => run(['stage', '--file', file, '--image', B], dir);

  test('keeps the file mode and leaves no temporary or lock file', () => {
    const { dir, file } = workspace(STABLE);
    fs.chmodSync(file, 0o600);
    expect(stage(file, dir).code).toBe(0);
    expect(fs.statSync(file).mode % 0o1000).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['production.json']);
  });

  test('writes through a symlink to the file it names; the link stays a link', () => {
    const { dir, file } = workspace(STABLE);
    const shared = path.join(dir, 'shared.json');
    fs.renameSync(file, shared);
    fs.symlinkSync(shared, file);
    expect(stage(file, dir).code).toBe(0);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(shared, 'utf8'))).toMatchObject({ phase: 'staged' });
  });

  test('a second command while one holds the lock is refused and writes nothing', () => {
    const { dir, file } = workspace(STABLE);
    fs.writeFileSync(`${file}.lock`, '12345\n');
    const refused = stage(file, dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe([
      `cdk8s-zd: apps/shop/release/production.json: another cdk8s-zd command is changing it (${fs.realpathSync(file)}.lock exists); run again when it has finished, or delete the lock if no command is running`,
      'cdk8s-zd: nothing written to apps/shop/release/production.json',
    ].join('\n'));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(STABLE);
  });

  test('a write that fails is a one-line refusal; the file, and no lock, is left as it was', () => {
    // GIVEN the temporary file's path taken by a directory, so the write fails for root too
    const { dir, file } = workspace(STABLE);
    const temporary = `${fs.realpathSync(file)}.${process.pid}.tmp`;
    fs.mkdirSync(temporary);
    // WHEN
    const refused = stage(file, dir);
    // THEN
    expect(refused.code).toBe(1);
    expect(refused.err).toBe('cdk8s-zd: apps/shop/release/production.json: cannot be written (EISDIR)\ncdk8s-zd: nothing written to apps/shop/release/production.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(STABLE);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['production.json', path.basename(temporary)]);
  });

  test('a release file that is not a regular file is refused', () => {
    const { dir, file } = workspace(STABLE);
    fs.rmSync(file);
    fs.mkdirSync(file);
    expect(stage(file, dir).err.split('\n')[0]).toBe('cdk8s-zd: apps/shop/release/production.json: not a regular file; a release file is JSON in a regular file');
  });
});

describe('stage applies the image policy synth would apply', () => {
  test.each([
    ['ghcr.io/acme/api:latest', 'cdk8s-zd: apps/shop/release/production.json: cannot stage: ZD007 --image (ghcr.io/acme/api:latest) must carry an immutable <semver>-<gitsha> tag (1.3.0-ab12cd3) or a digest (@sha256:...) in production; tag the build with its version and git sha, or pin the image by digest'],
    ['ghcr.io/acme/api', 'cdk8s-zd: apps/shop/release/production.json: cannot stage: ZD007 --image (ghcr.io/acme/api, no tag) must carry an immutable <semver>-<gitsha> tag (1.3.0-ab12cd3) or a digest (@sha256:...) in production'],
    ['ghcr.io/Acme/API:1.2.0-abcdef1', 'cdk8s-zd: apps/shop/release/production.json: cannot stage: --image ("ghcr.io/Acme/API:1.2.0-abcdef1") must be a valid image reference (image reference "ghcr.io/Acme/API:1.2.0-abcdef1" has an invalid repository path component (Acme)'],
  ])('production (from the file name): %s is refused, nothing written', (image, message) => {
    const { dir, file } = workspace(STABLE);
    const before = fs.readFileSync(file, 'utf8');
    const result = run(['stage', '--file', 'apps/shop/release/production.json', '--image', image], dir);
    expect(result.code).toBe(1);
    expect(result.err).toContain(message);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('--environment says which environment a file of another name is for; development takes any tag', () => {
    const { dir, file } = workspace(STABLE);
    const other = path.join(path.dirname(file), 'shop.json');
    fs.copyFileSync(file, other);
    expect(run(['stage', '--file', other, '--environment', 'staging', '--image', 'ghcr.io/acme/api:latest'], dir).code).toBe(1);
    expect(run(['stage', '--file', other, '--environment', 'development', '--image', 'ghcr.io/acme/api:latest'], dir).code).toBe(0);
  });

  test('a canary image too', () => {
    const { dir } = workspace({ strategy: 'canary', stable: A, weight: 0 });
    const result = run(['canary', '--system', 'shop', '--environment', 'production', '--image', 'ghcr.io/acme/api:edge', '--weight', '10'], dir);
    expect(result.code).toBe(1);
    expect(result.err).toContain('cannot canary: ZD007 --image (ghcr.io/acme/api:edge) must carry an immutable');
  });
});

describe('promote waits for the staged colour first (seed 000)', () => {
  const STAGED = { activeColour: 'blue', phase: 'staged', images: { blue: A, green: B } };

  /** A workspace whose dist/shop/production/ holds the staged release as cdk8s synth renders it. */
  function rendered(engine?: BlueGreenEngine) {
    const ws = workspace(STAGED);
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new BlueGreenService(chart, 'Api', { name: 'api', profile: EnvironmentProfile.production(), release: ReleaseState.fromFile(ws.file), engine });
    fs.mkdirSync(path.join(ws.dir, 'dist', 'shop', 'production'), { recursive: true });
    fs.writeFileSync(path.join(ws.dir, 'dist', 'shop', 'production', 'shop.yaml'), Testing.synth(chart).map((o) => stringify(o)).join('---\n'));
    return ws;
  }

  /** A kubectl on the PATH that records its arguments and exits with `code`. */
  function fakeKubectl(code: number): { bin: string; log: string } {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-kubectl-'));
    const log = path.join(bin, 'calls');
    fs.writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\necho "$@" >> ${log}\necho 'deployment "api-green" successfully rolled out'\nexit ${code}\n`, { mode: 0o755 });
    return { bin, log };
  }

  function withPath<T>(dir: string, use: () => T): T {
    const saved = process.env.PATH;
    process.env.PATH = `${dir}${path.delimiter}${saved}`;
    try {
      return use();
    } finally {
      process.env.PATH = saved;
    }
  }

  test('promote prints the wait for the staged colour, read from the rendered manifests', () => {
    const { dir } = rendered();
    const promote = run(['promote', '--system', 'shop', '--environment', 'production'], dir);
    expect(promote.code).toBe(0);
    expect(promote.out).toContain('before you apply, the staged colour must be ready (cdk8s-zd promote --wait runs this first):\n  kubectl rollout status deployment/api-green -n shop --timeout=600s');
  });

  test('an Argo blue/green Rollout: the wait is for the pause before promotion, which Argo takes once the preview is available and its analysis passed', () => {
    const { dir } = rendered(BlueGreenEngine.argoRollouts());
    expect(run(['promote', '--system', 'shop', '--environment', 'production'], dir).out)
      .toContain('\n  kubectl wait rollouts.argoproj.io/api -n shop --for=jsonpath={.status.pauseConditions[0].reason}=BlueGreenPause --timeout=600s');
    // A Rollout that promotes itself turns Healthy: the plugin's status waits for that.
    const auto = rendered(BlueGreenEngine.argoRollouts({ autoPromotionEnabled: true }));
    expect(run(['promote', '--system', 'shop', '--environment', 'production'], auto.dir).out)
      .toContain('\n  kubectl argo rollouts status api -n shop --timeout 600s');
  });

  test('promote --wait runs the wait with kubectl, then rewrites the file', () => {
    const { dir, file } = rendered();
    const kubectl = fakeKubectl(0);
    const promote = withPath(kubectl.bin, () => run(['promote', '--system', 'shop', '--environment', 'production', '--wait'], dir));
    expect(promote.code).toBe(0);
    expect(fs.readFileSync(kubectl.log, 'utf8')).toBe('rollout status deployment/api-green -n shop --timeout=600s\n');
    expect(promote.out).toContain('ready: Deployment/api-green in shop');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ activeColour: 'green', phase: 'promoted' });
  });

  test('promote --wait refuses, writing nothing, when the staged colour is not ready or cannot be found', () => {
    const { dir, file } = rendered();
    const before = fs.readFileSync(file, 'utf8');
    const notReady = withPath(fakeKubectl(1).bin, () => run(['promote', '--system', 'shop', '--environment', 'production', '--wait'], dir));
    expect(notReady.code).toBe(1);
    expect(notReady.err).toContain('apps/shop/release/production.json: cannot promote: Deployment/api-green in shop is not ready (kubectl rollout status deployment/api-green -n shop --timeout=600s exited 1)');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);

    const bare = workspace(STAGED);
    const unrendered = run(['promote', '--system', 'shop', '--environment', 'production', '--wait'], bare.dir);
    expect(unrendered.code).toBe(1);
    expect(unrendered.err).toContain(`cannot promote --wait: no running Deployment or Rollout in dist/shop/production/ runs ${B}; run cdk8s synth and apply the staged release first`);
    expect(run(['stage', '--file', bare.file, '--image', B, '--wait'], bare.dir)).toMatchObject({ code: 2, err: 'cdk8s-zd: --wait is an option of promote' });
  });
});

describe('a canary that an Argo Rollout runs: its steps set the weight', () => {
  const UNDER_WAY = { strategy: 'canary', stable: A, canary: B, weight: 0 };

  /** A workspace whose dist/shop/production/ holds the release rendered as an Argo canary (or a weighted Deployment canary). */
  function rendered(release: object, traffic: CanaryTraffic) {
    const ws = workspace(release);
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new CanaryRelease(chart, 'Api', { name: 'api', profile: EnvironmentProfile.production(), release: CanaryState.fromFile(ws.file), traffic });
    fs.mkdirSync(path.join(ws.dir, 'dist', 'shop', 'production'), { recursive: true });
    fs.writeFileSync(path.join(ws.dir, 'dist', 'shop', 'production', 'shop.yaml'), Testing.synth(chart).map((o) => stringify(o)).join('---\n'));
    return ws;
  }
  const ARGO = CanaryTraffic.argoRollouts({ steps: [20, 50].flatMap((w) => [CanaryStep.trafficWeight(w), CanaryStep.pause(Duration.minutes(5))]) });
  const args = (...rest: string[]) => [...rest, '--system', 'shop', '--environment', 'production'];

  test('status names the Rollout and its steps instead of a weight nothing reads', () => {
    const { dir } = rendered(UNDER_WAY, ARGO);
    expect(run(args('status'), dir).out).toBe(`stable: ${A}\ncanary: ${B} (Rollout/api in shop sets its weight: 20, 50 %)`);
  });

  test('canary --weight is refused, writing nothing; a new canary is recorded at 0 % and the next steps are Argo\'s', () => {
    const { dir, file } = rendered(UNDER_WAY, ARGO);
    const before = fs.readFileSync(file, 'utf8');
    const weight = run(args('canary', '--weight', '40'), dir);
    expect(weight.code).toBe(1);
    expect(weight.err).toBe([
      'cdk8s-zd: apps/shop/release/production.json: cannot canary --weight (40): Rollout/api in shop (dist/shop/production/) sets the canary\'s weight by its steps (20, 50 %); '
      + 'leave out --weight, and run kubectl argo rollouts promote api -n shop to end a pause early',
      'cdk8s-zd: nothing written to apps/shop/release/production.json',
    ].join('\n'));
    expect(fs.readFileSync(file, 'utf8')).toBe(before);

    const C = 'ghcr.io/acme/api:1.2.0-ccccccc';
    const next = run(args('canary', '--image', C), dir);
    expect(next.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ strategy: 'canary', stable: A, canary: C, weight: 0, version: '1.2.0-ccccccc' });
    expect(next.out).toContain('  4. Argo runs the steps (20, 50 %) with their analysis: kubectl argo rollouts get rollout api -n shop --watch; '
      + 'once it is Healthy, cdk8s-zd promote (--wait checks it); if Argo aborts it, cdk8s-zd rollback');
  });

  test('promote waits until Argo has taken the Rollout through every step, Healthy on the canary image', () => {
    const { dir } = rendered(UNDER_WAY, ARGO);
    expect(run(args('promote'), dir).out).toContain(`before you apply, Rollout/api must be Healthy on ${B}, every step and analysis passed (cdk8s-zd promote --wait runs this first):\n`
      + '  kubectl argo rollouts status api -n shop --timeout 600s');
  });

  test('without rendered manifests a new canary keeps the default weight, and says what to do if an Argo Rollout runs it', () => {
    const { dir, file } = workspace({ strategy: 'canary', stable: A, weight: 0 });
    const next = run(args('canary', '--image', B), dir);
    expect(next.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ canary: B, weight: 10 });
    expect(next.out).toContain('no rendered manifests in dist/shop/production/: if an Argo Rollout runs this canary, its steps set the weight and the synth refuses 10 %; '
      + 'cdk8s-zd canary --weight 0 --file apps/shop/release/production.json');
    expect(run(args('canary', '--weight', '0'), dir).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ canary: B, weight: 0 });
  });

  test('a Deployment canary: the wait is for the canary track; the weight stays the file\'s', () => {
    const { dir } = rendered({ ...UNDER_WAY, weight: 10 }, CanaryTraffic.traefik());
    expect(run(args('status'), dir).out).toBe(`stable: ${A} (90 %)\ncanary: ${B} (10 %)`);
    expect(run(args('promote'), dir).out).toContain('before you apply, the canary must be ready (cdk8s-zd promote --wait runs this first):\n'
      + '  kubectl rollout status deployment/api-canary -n shop --timeout=600s');
  });
});
