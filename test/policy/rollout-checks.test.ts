import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Lazy, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { BlueGreenService, Colour, EnvironmentProfile, GatewayDeployment, ReleasePhase, ReleaseState, RolloutChecks, ZeroDowntimeRule } from '../../src';

const IMAGE = 'ghcr.io/acme/api:1.4.0-abcdef1';

function rawDeployment(chart: Chart, name: string, replicas: number): k8s.KubeDeployment {
  const labels = { 'app.kubernetes.io/name': name };
  return new k8s.KubeDeployment(chart, name, {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name, image: IMAGE, ports: [{ name: 'http', containerPort: 8080 }], readinessProbe: { httpGet: { path: '/ready', port: k8s.IntOrString.fromString('http') } } }] },
      },
    },
  });
}

describe('RolloutChecks: the rules as a stage of synth', () => {
  test('an escape hatch cannot bypass a rule: a JsonPatch that removes the readiness probe fails the synth, naming the construct path', () => {
    // GIVEN a hardened deployment, patched after the fact
    const chart = Testing.chart();
    const gateway = new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE, profile: EnvironmentProfile.production() });
    ApiObject.of(gateway.deployment).addJsonPatch(JsonPatch.remove('/spec/template/spec/containers/0/readinessProbe'));
    // WHEN / THEN
    expect(() => Testing.synth(chart)).toThrow('test/Api/Deployment/Resource (Deployment/api): ZD001 Deployment/api spec.template.spec.containers[0].readinessProbe (unset on container api) must be set: Services (api) send traffic to pods that are not ready; add a readinessProbe that checks the app can serve (an HTTP /ready endpoint)');
  });

  test('every error finding of a synth is reported together', () => {
    const chart = Testing.chart();
    RolloutChecks.of(chart, { environment: 'production' });
    rawDeployment(chart, 'api', 1);
    new k8s.KubeService(chart, 'Svc', { metadata: { name: 'api' }, spec: { selector: { 'app.kubernetes.io/name': 'api' }, ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('web') }] } });
    let message = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('test/Svc (Service/api): ZD014 Service/api spec.ports[0].targetPort (web, not a port name of Deployment/api (http))');
    expect(message).toContain('test/Svc (Service/api): ZD016 Service/api spec.selector (1 pod at the minimum (Deployment/api: 1))');
    expect(message).not.toContain('    at ');
  });

  test('a chart of raw objects opts in with one call; without it nothing is checked', () => {
    const unchecked = Testing.chart();
    rawDeployment(unchecked, 'api', 3);
    new k8s.KubeHorizontalPodAutoscalerV2(unchecked, 'Hpa', { metadata: { name: 'api' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, maxReplicas: 5 } });
    expect(() => Testing.synth(unchecked)).not.toThrow();

    const checked = Testing.chart();
    RolloutChecks.of(checked);
    rawDeployment(checked, 'api', 3);
    new k8s.KubeHorizontalPodAutoscalerV2(checked, 'Hpa', { metadata: { name: 'api' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, maxReplicas: 5 } });
    expect(() => Testing.synth(checked)).toThrow('test/api (Deployment/api): ZD005 Deployment/api spec.replicas (3) must be omitted while HorizontalPodAutoscaler/api manages the scale');
  });

  test('a suppression with a reason silences one rule on one object, and findings() still lists it', () => {
    const chart = Testing.chart();
    const checks = RolloutChecks.of(chart, { environment: 'production' });
    rawDeployment(chart, 'batch', 1);
    const svc = new k8s.KubeService(chart, 'Svc', { metadata: { name: 'batch' }, spec: { selector: { 'app.kubernetes.io/name': 'batch' }, ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http') }] } });
    RolloutChecks.suppress(svc, ZeroDowntimeRule.ZD016, 'internal batch endpoint, one pod by design');
    expect(() => Testing.synth(chart)).not.toThrow();
    expect(checks.findings().map((f) => [f.rule, f.suppressed])).toEqual([['ZD016', 'internal batch endpoint, one pod by design']]);
    expect(svc.toJson().metadata.annotations).toEqual({ 'zero-downtime.cdk8s.io/suppress': 'ZD016: internal batch endpoint, one pod by design' });
    RolloutChecks.suppress(svc, ZeroDowntimeRule.ZD006, 'second reason');
    expect(svc.toJson().metadata.annotations['zero-downtime.cdk8s.io/suppress']).toBe('ZD016: internal batch endpoint, one pod by design\nZD006: second reason');
  });

  test('a suppression needs a reason', () => {
    const chart = Testing.chart();
    const svc = new k8s.KubeService(chart, 'Svc', { metadata: { name: 'a' } });
    expect(() => RolloutChecks.suppress(svc, ZeroDowntimeRule.ZD016, ' ')).toThrow("test/Svc: 'reason' (empty) must say why Service/a is an exception to ZD016; pass RolloutChecks.suppress(obj, ZD016, '<why>')");
  });

  test('the strictest environment of a chart\'s constructs wins', () => {
    const chart = Testing.chart();
    RolloutChecks.of(chart, { environment: 'development' });
    RolloutChecks.of(chart, { environment: 'production' });
    RolloutChecks.of(chart, { environment: 'staging' });
    rawDeployment(chart, 'api', 1);
    new k8s.KubeService(chart, 'Svc', { metadata: { name: 'api' }, spec: { selector: { 'app.kubernetes.io/name': 'api' }, ports: [{ port: 80 }] } });
    expect(() => Testing.synth(chart)).toThrow(/ZD016/);
  });

  test('relations reach across the charts of one app: a budget in another chart counts', () => {
    const app = new App({ outdir: '/nonexistent-never-written' });
    const workloads = new Chart(app, 'workloads');
    const policies = new Chart(app, 'policies');
    RolloutChecks.of(workloads, { environment: 'production' });
    rawDeployment(workloads, 'api', 3);
    new k8s.KubeService(workloads, 'Svc', { metadata: { name: 'api' }, spec: { selector: { 'app.kubernetes.io/name': 'api' }, ports: [{ port: 80 }] } });
    expect(RolloutChecks.of(workloads).findings().map((f) => f.rule)).toEqual(['ZD004']);
    new k8s.KubePodDisruptionBudget(policies, 'Pdb', { metadata: { name: 'api' }, spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } });
    expect(RolloutChecks.of(workloads).findings()).toEqual([]);
  });

  test('the reference apps: every library construct opts in (a chart holds one stage, and validates)', () => {
    const chart = Testing.chart();
    new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE, profile: EnvironmentProfile.production() });
    expect(RolloutChecks.of(chart)).toBe(RolloutChecks.of(chart));
    expect(RolloutChecks.of(chart).findings()).toEqual([]);
  });
});

describe('duplicates and all-or-nothing synth', () => {
  const production = EnvironmentProfile.production();
  const outdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
  const synthError = (app: App): string => {
    try {
      app.synth();
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('the synth passed');
  };

  test('two constructs rendering the same Service: the error names both construct paths, and no file is written', () => {
    const dir = outdir();
    const app = new App({ outdir: dir });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE, profile: production });
    new BlueGreenService(chart, 'Release', { name: 'api', profile: production, release: ReleaseState.of('f', { activeColour: Colour.BLUE, phase: ReleasePhase.STABLE, blueImage: IMAGE }) });
    expect(synthError(app)).toContain('[shop] shop/Release/Service (Service/api): ZD018 Service/api metadata.name (api in group core, defined at shop/Release/Service and at shop/Api/Service) must be unique per group, kind and namespace: the later object silently replaces the earlier when applied; rename one of the two, or remove the duplicate');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('two GatewayDeployments named api in two charts of one namespace: both paths', () => {
    const app = new App({ outdir: outdir() });
    new GatewayDeployment(new Chart(app, 'one', { namespace: 'shop' }), 'Api', { name: 'api', image: IMAGE, profile: production });
    new GatewayDeployment(new Chart(app, 'two', { namespace: 'shop' }), 'Api', { name: 'api', image: IMAGE, profile: production });
    expect(synthError(app)).toContain('ZD018 Deployment/api metadata.name (api in group apps, defined at two/Api/Deployment/Resource and at one/Api/Deployment/Resource)');
  });

  test('a chart that fails while rendering leaves no file of any chart, for an app of raw objects too', () => {
    const dir = outdir();
    const app = new App({ outdir: dir });
    const good = new Chart(app, 'good');
    RolloutChecks.of(good);
    new k8s.KubeConfigMap(good, 'Config', { metadata: { name: 'config' }, data: { a: '1' } });
    const bad = new Chart(app, 'bad');
    new ApiObject(bad, 'Broken', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'broken' }, data: Lazy.any({ produce: () => { throw new Error('bad/Broken: a value that cannot render'); } }) });
    expect(synthError(app)).toBe("Failed serializing construct at path 'bad/Broken' with name 'broken': Error: bad/Broken: a value that cannot render");
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
