import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { systemObjects } from './support/apps';
import { findAll, findOne } from './support/synth';
import { runCli } from '../src/cli/cdk8s-zd';

const NEXT_IMAGE = 'ghcr.io/meetinity/api-gateway:1.9.0-5e6f7a8';

/** Copies meetinity's release files so the command can rewrite them. */
function releaseCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-release-'));
  fs.copyFileSync(path.join('apps', 'meetinity-gateway', 'release', 'production.json'), path.join(dir, 'production.json'));
  return dir;
}

function command(dir: string, ...args: string[]): void {
  const err: string[] = [];
  expect({ code: runCli([...args, '--file', path.join(dir, 'production.json')], { out: () => undefined, err: (l) => err.push(l) }), err }).toEqual({ code: 0, err: [] });
}

function view(dir: string) {
  const objects = systemObjects('meetinity-gateway', 'production', { releaseDirectory: dir });
  const active = findOne(objects, 'Service', 'meetinity-api-gateway');
  return {
    selector: active.spec.selector['gateway.meetinity.io/color'],
    annotation: active.metadata.annotations['gateway.meetinity.io/active-color'],
    preview: findOne(objects, 'Service', 'meetinity-api-gateway-preview').spec.selector['gateway.meetinity.io/color'],
    replicas: Object.fromEntries(findAll(objects, 'Deployment').map((d) => [d.metadata.name.replace('meetinity-api-gateway-', ''), d.spec.replicas ?? 'hpa'])),
    hpas: findAll(objects, 'HorizontalPodAutoscaler').map((h) => `${h.spec.scaleTargetRef.name.replace('meetinity-api-gateway-', '')}>=${h.spec.minReplicas}`),
    images: Object.fromEntries(findAll(objects, 'Deployment').map((d) => [d.metadata.name.replace('meetinity-api-gateway-', ''), d.spec.template.spec.containers[0].image])),
  };
}

test('meetinity-gateway production: stage -> promote -> rollback -> promote -> finalize, synthesized after each step', () => {
  const dir = releaseCopy();
  // stable: blue serves, green at 0 without HPA or PDB
  expect(view(dir)).toMatchObject({ selector: 'blue', annotation: 'blue', preview: 'green', replicas: { blue: 'hpa', green: 0 }, hpas: ['blue>=5'] });

  command(dir, 'stage', '--image', NEXT_IMAGE);
  const staged = view(dir);
  // live traffic unchanged; green runs the new image behind the preview, at the warm minimum
  expect(staged).toMatchObject({ selector: 'blue', annotation: 'blue', preview: 'green', replicas: { blue: 'hpa', green: 'hpa' }, hpas: ['blue>=5', 'green>=5'] });
  expect(staged.images.green).toBe(NEXT_IMAGE);

  command(dir, 'promote');
  expect(view(dir)).toMatchObject({ selector: 'green', annotation: 'green', preview: 'blue', replicas: { blue: 'hpa', green: 'hpa' } });

  command(dir, 'rollback');
  expect(view(dir)).toMatchObject({ selector: 'blue', annotation: 'blue', preview: 'green', replicas: { blue: 'hpa', green: 'hpa' } });

  command(dir, 'promote');
  command(dir, 'finalize');
  const final = view(dir);
  expect(final).toMatchObject({ selector: 'green', annotation: 'green', preview: 'blue', replicas: { blue: 0, green: 'hpa' }, hpas: ['green>=5'] });
  expect(final.images.green).toBe(NEXT_IMAGE);
});

test('production release files show the mechanism: staged and stable systems', () => {
  const phase = (system: string) => JSON.parse(fs.readFileSync(path.join('apps', system, 'release', 'production.json'), 'utf8')).phase;
  expect(phase('meetinity-gateway')).toBe('stable');
  expect(phase('engine-ops')).toBe('staged');
  expect(phase('graphics-world')).toBe('promoted');
  expect(phase('chaos-world-gateway')).toBe('stable');
});

test('engine-ops production: staged release with a preview Service and a smoke test', () => {
  const objects = systemObjects('engine-ops', 'production');
  expect(findOne(objects, 'Service', 'engine-ops-preview').spec.selector['zero-downtime.cdk8s.io/color']).toBe('green');
  const job = findAll(objects, 'Job').find((j) => j.metadata.labels['app.kubernetes.io/component'] === 'smoke-test');
  expect(job.spec.template.spec.containers[0].command[2]).toContain('for p in /health/ready /health/live /metrics');
  expect(findOne(objects, 'Deployment', 'engine-ops-green').spec.template.spec.containers[0].image).toBe('ghcr.io/hummbl-dev/engine-ops:0.3.1-d41b5e8');
});

test('graphics-world production: graphics-gateway blue/green by a version label', () => {
  const objects = systemObjects('graphics-world', 'production');
  expect(findOne(objects, 'Service', 'graphics-gateway').spec.selector).toEqual({
    'app.kubernetes.io/name': 'graphics-gateway', 'app.kubernetes.io/instance': 'graphics-gateway', 'version': 'green',
  });
  // Both colours run (promoted, inside the rollback window), each autoscaled from 4 pods.
  expect(findAll(objects, 'Deployment').filter((d) => d.metadata.name.startsWith('graphics-gateway-')).map((d) => d.spec.replicas)).toEqual([undefined, undefined]);
  expect(findAll(objects, 'HorizontalPodAutoscaler').filter((h) => h.metadata.name.startsWith('graphics-gateway-')).map((h) => [h.spec.minReplicas, h.spec.maxReplicas])).toEqual([[4, 12], [4, 12]]);
});

test('chaos-world-gateway production: schema-valid Rollout with blueGreen, preview, manual promotion and analysis', () => {
  const objects = systemObjects('chaos-world-gateway', 'production');
  const strategy = findOne(objects, 'Rollout').spec.strategy.blueGreen;
  expect(strategy).toMatchObject({
    activeService: 'api-gateway',
    previewService: 'api-gateway-preview',
    autoPromotionEnabled: false,
    scaleDownDelaySeconds: 30,
    prePromotionAnalysis: { templates: [{ templateName: 'success-rate' }], args: [{ name: 'pod-template-hash', valueFrom: { podTemplateHashValue: 'Latest' } }] },
    postPromotionAnalysis: { templates: [{ templateName: 'success-rate' }], args: [{ name: 'pod-template-hash', valueFrom: { podTemplateHashValue: 'Latest' } }] },
  });
  expect(findOne(objects, 'AnalysisTemplate').metadata.name).toBe('success-rate');
});

test('graphics-world production canary: cdk8s-zd canary --weight, promote, each synthesized', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-canary-'));
  for (const file of fs.readdirSync(path.join('apps', 'graphics-world', 'release'))) {
    fs.copyFileSync(path.join('apps', 'graphics-world', 'release', file), path.join(dir, file));
  }
  const file = path.join(dir, 'production.chat-service.json');
  const tracks = () => {
    const objects = systemObjects('graphics-world', 'production', { releaseDirectory: dir });
    const stable = findOne(objects, 'Deployment', 'chat-service');
    const canary = findOne(objects, 'Deployment', 'chat-service-canary');
    return { stable: stable.spec.replicas, canary: canary.spec.replicas, stableImage: stable.spec.template.spec.containers[0].image };
  };
  expect(tracks()).toEqual({ stable: 9, canary: 1, stableImage: 'registry.local/chat-service:2.0.0-c0ffee1' });
  const run = (...args: string[]) => runCli([...args, '--file', file], { out: () => undefined, err: () => undefined });
  expect(run('canary', '--weight', '30')).toBe(0);
  // The stable track keeps its 9 pods; 30 % adds round(9 x 30 / 70) = 4 canary pods.
  expect(tracks()).toEqual({ stable: 9, canary: 4, stableImage: 'registry.local/chat-service:2.0.0-c0ffee1' });
  expect(run('promote')).toBe(0);
  expect(tracks()).toEqual({ stable: 9, canary: 0, stableImage: 'registry.local/chat-service:2.1.0-9e8d7c6' });
});
