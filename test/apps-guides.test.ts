/*
 * What the deployment guides ask of the reference systems, item by item (the rest are
 * answered in apps/README.md).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { COMBINATIONS, systemObjects, workloads } from './support/apps';
import { SYSTEMS } from '../apps/systems';
import { findAll } from './support/synth';
import { checkManifests } from '../src/policy/engine';

/**
 * The production release files as they were before the release each has under way: a canary
 * not yet started, a staged or promoted blue/green not yet staged (the colour it replaces
 * active). A stable release has nothing under way.
 */
function productionBefore(system: string): string {
  const source = path.join('apps', system, 'release');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-before-'));
  for (const file of fs.readdirSync(source)) {
    const state = JSON.parse(fs.readFileSync(path.join(source, file), 'utf8'));
    if (file.startsWith('production') && state.strategy === 'canary') {
      delete state.canary;
      state.weight = 0;
      delete state.version;
    } else if (file.startsWith('production') && state.phase !== 'stable') {
      const previousColour = Object.keys(state.images).find((c) => state.images[c] !== state.version)!;
      Object.assign(state, { activeColour: previousColour, phase: 'stable', version: state.images[previousColour] });
    }
    fs.writeFileSync(path.join(dir, file), JSON.stringify(state));
  }
  return dir;
}

describe('what the guides ask for', () => {
  test.each(['development', 'staging', 'production'] as const)('massive-chat %s: the chat-app Namespace comes first, restricted', (environment) => {
    const objects = systemObjects('massive-chat', environment);
    expect(`${objects[0].kind}/${objects[0].metadata?.name}`).toBe('Namespace/chat-app');
    expect((objects[0].metadata as any).labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test.each([['staging', 2, 8], ['production', 3, 12]] as const)('engine-ops %s: the Helm chart\'s HPA, from the fixed count up', (environment, min, max) => {
    const hpas = findAll(systemObjects('engine-ops', environment), 'HorizontalPodAutoscaler');
    expect(hpas.length).toBeGreaterThanOrEqual(1);
    for (const h of hpas) expect([h.spec.minReplicas, h.spec.maxReplicas, h.spec.metrics[0].resource.name]).toEqual([min, max, 'cpu']);
  });

  test('graphics-world production: every service but world-state (one pod per node) and the replica-ratio canary autoscales on load', () => {
    const targets = findAll(systemObjects('graphics-world', 'production'), 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name).sort();
    expect(targets).toEqual(['graphics-gateway-blue', 'graphics-gateway-green', 'persistence-service', 'script-executor']);
  });

  test.each(['staging', 'production'] as const)('chaos-world-gateway %s: the ClusterIP and the headless Service the README names, over every pod', (environment) => {
    const services = findAll(systemObjects('chaos-world-gateway', environment), 'Service');
    const headless = services.find((s) => s.metadata.name === 'api-gateway-headless');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.selector).toEqual({ 'app.kubernetes.io/name': 'api-gateway', 'app.kubernetes.io/instance': 'api-gateway' });
  });

  test('massive-chat staging is sized as production', () => {
    const resources = (environment: 'staging' | 'production') => findAll(systemObjects('massive-chat', environment), 'Deployment')
      .map((d) => JSON.stringify(d.spec.template.spec.containers[0].resources));
    expect([...new Set(resources('staging'))]).toEqual([...new Set(resources('production'))]);
  });

  test.each(['staging', 'production'] as const)('chaos-world-gateway %s: Argo keeps 3 successful and 3 unsuccessful analysis runs', (environment) => {
    const [rollout] = findAll(systemObjects('chaos-world-gateway', environment), 'Rollout');
    expect(rollout.spec.analysis).toEqual({ successfulRunHistoryLimit: 3, unsuccessfulRunHistoryLimit: 3 });
  });

  test.each(COMBINATIONS)('%s %s: every pod carries the guides\' plain `app` label (and `version`), and no selector keys on them', (system, environment) => {
    for (const w of workloads(systemObjects(system, environment))) {
      const labels = w.spec.template.metadata.labels;
      const name = labels['app.kubernetes.io/name'];
      expect([w.metadata.name, labels.app]).toEqual([w.metadata.name, name]);
      const selector = w.spec.selector?.matchLabels ?? {};
      expect(Object.keys(selector)).not.toContain('app');
      // graphics-gateway's blue/green colour is seed 003's `version: blue|green` label.
      if (!(system === 'graphics-world' && name === 'graphics-gateway')) {
        expect([w.metadata.name, labels.version]).toEqual([w.metadata.name, labels['app.kubernetes.io/version']]);
        expect(Object.keys(selector)).not.toContain('version');
      }
    }
  });

  test.each(COMBINATIONS)('%s %s: no Ingress or route reaches a metrics endpoint (ZD021)', (system, environment) => {
    const report = checkManifests(systemObjects(system, environment).map((object) => ({ object })), { environment });
    expect(report.findings.filter((f) => f.rule === 'ZD021')).toEqual([]);
  });

  test('massive-chat serves /metrics on 9090, which the public Ingress does not route', () => {
    const objects = systemObjects('massive-chat', 'production');
    for (const w of findAll(objects, 'Deployment')) {
      expect(w.spec.template.metadata.annotations['prometheus.io/port']).toBe('9090');
      expect(w.spec.template.spec.containers[0].ports.map((p: any) => p.name)).toEqual(['http', 'metrics']);
    }
    const [ingress] = findAll(objects, 'Ingress');
    expect(ingress.spec.rules[0].http.paths.map((p: any) => p.backend.service.port)).toEqual([{ number: 80 }]);
    const service = findAll(objects, 'Service').find((s) => s.metadata.name === 'api-gateway');
    expect(service.spec.ports.map((p: any) => [p.port, p.targetPort])).toEqual([[80, 'http']]);
  });

  test.each(SYSTEMS)('%s: what production brings now is what staging runs (ZD023, "deploy to staging first")', (system) => {
    const staging = systemObjects(system, 'staging').map((object) => ({ object }));
    const previous = systemObjects(system, 'production', { releaseDirectory: productionBefore(system) }).map((object) => ({ object }));
    const report = checkManifests(systemObjects(system, 'production').map((object) => ({ object })), { environment: 'production', stagedIn: staging, previous });
    expect(report.findings.filter((f) => f.rule === 'ZD023').map((f) => f.message)).toEqual([]);
  });

  test.each(['development', 'staging', 'production'] as const)('massive-chat %s: every service exports traces and logs to the collector, with resource attributes', (environment) => {
    for (const w of workloads(systemObjects('massive-chat', environment))) {
      const plain = w.spec.template.spec.containers[0].env.filter((e: any) => e.value !== undefined);
      const env = Object.fromEntries(plain.map((e: any) => [e.name, e.value]));
      expect(env).toMatchObject({
        OTEL_SERVICE_NAME: w.spec.template.metadata.labels['app.kubernetes.io/name'],
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability:4317',
        OTEL_RESOURCE_ATTRIBUTES: `service.namespace=massive-chat,deployment.environment=${environment}`,
      });
    }
  });

  test.each(['staging', 'production'] as const)('massive-chat %s: a user-service migration Job before the workloads, and a smoke test of the gateway after apply', (environment) => {
    const objects = systemObjects('massive-chat', environment);
    const jobs = findAll(objects, 'Job');
    const migration = jobs.find((j) => j.metadata.labels['app.kubernetes.io/component'] === 'migration');
    expect(migration.spec.template.spec.containers[0].command).toEqual(['npm', 'run', 'migrate']);
    expect(objects.indexOf(migration)).toBeLessThan(objects.indexOf(findAll(objects, 'Deployment')[0]));
    const smoke = jobs.find((j) => j.metadata.labels['app.kubernetes.io/component'] === 'smoke-test');
    expect(smoke.spec.template.spec.containers[0].command[2]).toContain('"http://api-gateway:80$p"');
  });
});
