import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/cdk8s-zd';
import { endQuietlyOnClosedPipe } from '../../src/cli/pipes';
import { parseManifestText } from '../../src/policy/manifest-reader';

const BROKEN = path.join(__dirname, '..', 'policy', 'broken');
const GOOD = path.join(__dirname, '..', 'policy', 'good');

function check(args: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(['check', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), stdin: () => stdin ?? '' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function scratch(files: { [name: string]: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-check-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('cdk8s-zd check', () => {
  test('--staged-in: a production image staging does not run fails the check; check and diff name the same finding', () => {
    const production = path.join(BROKEN, 'zd023-staged-images.yaml');
    const staging = path.join(BROKEN, 'staging', 'zd023-staged-images.yaml');
    const { code, out } = check([production, '--staged-in', staging, '--format', 'json']);
    expect(code).toBe(1);
    const zd023 = JSON.parse(out).findings.filter((f: { rule: string }) => f.rule === 'ZD023').map((f: { severity: string; object: { name: string } }) => `${f.severity} ${f.object.name}`);
    expect(zd023).toEqual(['error api', 'notice worker', 'warning worker', 'error cron', 'error cron']);
    // The diff checks only what the change brings: over itself, only the declarations' own findings are left.
    const diff: string[] = [];
    const diffCode = runCli(['diff', production, production, '--staged-in', staging, '--format', 'json'], { out: (l) => diff.push(l), err: () => undefined });
    expect(diffCode).toBe(1);
    expect(JSON.parse(diff.join('\n')).findings.filter((f: { rule: string }) => f.rule === 'ZD023').map((f: { severity: string; object: { name: string } }) => `${f.severity} ${f.object.name}`))
      .toEqual(['warning worker', 'error cron']);
  });

  test('--staged-in needs a file or directory', () => {
    expect(check([GOOD, '--staged-in', '-'])).toMatchObject({ code: 2, err: expect.stringContaining('--staged-in must name a file or directory (stdin is for the manifests checked)') });
    expect(check([GOOD, '--staged-in', '/nonexistent/staging'])).toMatchObject({ code: 2 });
  });

  test('exit 0 and a PASS verdict on clean manifests', () => {
    const { code, out } = check([GOOD]);
    expect(code).toBe(0);
    expect(out).toBe('PASS: 0 errors, 0 warnings, 0 notices in 5 objects');
  });

  test('exit 1 with one line per finding: severity, rule, object, file, message, fix', () => {
    const { code, out } = check([path.join(BROKEN, 'zd003-grace-period.yaml')]);
    expect(code).toBe(1);
    expect(out.split('\n')).toEqual([
      `error ZD003 shop/Deployment/api [${path.join(BROKEN, 'zd003-grace-period.yaml')}]: Deployment/api spec.template.spec.terminationGracePeriodSeconds (10) must exceed the preStop sleep of container api (15s); fix: raise terminationGracePeriodSeconds to at least 16 plus the app's own drain time, or shorten the preStop sleep`,
      'FAIL: 1 error, 0 warnings, 0 notices in 4 objects',
    ]);
  });

  test('--format json prints exactly findings and summary', () => {
    const { code, out } = check([path.join(BROKEN, 'zd016-production-service-redundancy.yaml'), '--format', 'json']);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({
      findings: [{
        rule: 'ZD016',
        severity: 'error',
        object: { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'api' },
        field: 'spec.selector',
        message: 'Service/api spec.selector (1 pod at the minimum (Deployment/api: 1)) must reach at least 2 pods in production, or one eviction or node failure takes the Service down',
        fix: 'run at least 2 replicas (or an autoscaler minimum of 2) behind the Service',
      }],
      summary: { errors: 1, warnings: 0, notices: 0, objects: 3 },
    });
  });

  test('--format markdown: the verdict first, a table per severity', () => {
    const { out } = check([path.join(BROKEN, 'zd007-immutable-image.yaml'), '--format=markdown']);
    const lines = out.split('\n');
    expect(lines[0]).toBe('## ❌ Zero-downtime check');
    expect(lines[2]).toBe('**FAIL: 2 errors, 1 warning, 0 notices in 8 objects**');
    expect(lines).toContain('### Errors (2)');
    expect(lines).toContain('### Warnings (1)');
    expect(lines).toContain('| Rule | Object | Field | Finding | Fix |');
  });

  test('a directory is read recursively; --environment overrides the labels', () => {
    expect(check([BROKEN]).code).toBe(1);
    const { out } = check([path.join(BROKEN, 'zd016-production-service-redundancy.yaml'), '--environment', 'staging']);
    expect(out).toBe('PASS: 0 errors, 0 warnings, 0 notices in 3 objects');
  });

  test('- reads stdin; objects without a namespace go to --namespace', () => {
    const yaml = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: team}\nspec: {ports: [{port: 80}]}\n';
    expect(check(['-'], yaml).code).toBe(0);
    const dup = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: team}\nspec: {ports: [{port: 80}]}\n';
    const { code, out } = check(['-', '--namespace', 'team'], dup);
    expect(code).toBe(1);
    expect(out).toContain('error ZD018 team/Service/a [<stdin>]');
  });

  test('read as leniently as kubectl: YAML 1.1 booleans, List kinds, empty documents, quoted scalars indented under their key', () => {
    const dir = scratch({
      'a.yaml': '# Source: chart/templates/empty.yaml\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: x}\n    immutable: yes\n',
      'nested/b.yml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n  annotations:\n    - description: \'a long quoted scalar\n    wrapped below its key\'\n',
      'c.txt': 'not read: not a manifest extension',
    });
    const { code, out } = check([dir]);
    expect([code, out]).toEqual([0, 'PASS: 0 errors, 0 warnings, 0 notices in 2 objects']);
  });

  test('exit 2 with a one-line message on unreadable input and usage errors', () => {
    const dir = scratch({ 'bad.yaml': 'apiVersion: v1\nkind: [unclosed\n', 'scalar.yaml': 'just a string\n' });
    expect(check([path.join(dir, 'bad.yaml')])).toEqual({ code: 2, out: '', err: `cdk8s-zd check: ${path.join(dir, 'bad.yaml')}: not valid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]` });
    expect(check([path.join(dir, 'scalar.yaml')]).err).toBe(`cdk8s-zd check: ${path.join(dir, 'scalar.yaml')}: is a string, not a Kubernetes object (a mapping with apiVersion and kind)`);
    expect(check([path.join(dir, 'missing.yaml')]).err).toBe(`cdk8s-zd check: ${path.join(dir, 'missing.yaml')}: no such file or directory`);
    expect(check([]).code).toBe(2);
    expect(check([GOOD, '--format', 'xml'])).toMatchObject({ code: 2, err: expect.stringContaining('--format (xml) must be one of text, markdown, json') });
    expect(check([GOOD, '--kubernetes-version', 'latest'])).toMatchObject({ code: 2, err: expect.stringContaining('--kubernetes-version (latest) must look like 1.27') });
    expect(check([GOOD, '--bogus'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --bogus') });
    expect(check([GOOD, '--environment='])).toMatchObject({ code: 2, err: expect.stringContaining('--environment needs a value, not an empty one') });
  });

  test('--help lists every rule', () => {
    const { code, out } = check(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('  ZD003 error   terminationGracePeriodSeconds exceeds every preStop sleep');
    expect(out).toContain('  ZD011 notice  A PodDisruptionBudget lets unhealthy pods be evicted (AlwaysAllow)');
  });
});

describe('reading manifests', () => {
  test('YAML 1.1 scalars as Kubernetes reads them: yes/on are booleans, 0644 is octal, timestamps stay strings', () => {
    const [{ object }] = parseManifestText(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, creationTimestamp: 2024-01-02T03:04:05Z}\nimmutable: yes\ndata: {mode: "0644"}\nbinaryData: {}\nx: {on: on, off: off, mode: 0644, plain: 0800}\n', 'a.yaml');
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', creationTimestamp: '2024-01-02T03:04:05Z' },
      immutable: true,
      data: { mode: '0644' },
      binaryData: {},
      x: { true: true, false: false, mode: 420, plain: 800 },
    });
  });
});

describe('a closed pipe', () => {
  test('EPIPE ends the command quietly with the exit code it had; other write errors are thrown', () => {
    const stdout = new EventEmitter();
    const exits: string[] = [];
    endQuietlyOnClosedPipe([stdout], () => exits.push('exit'));
    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual(['exit']);
    expect(() => stdout.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow('write EIO');
  });
});
