import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import * as yaml from 'yaml';
import { FindingSeverity } from '../../src';
import { runCli } from '../../src/cli/cdk8s-zd';
import { diffManifests, DiffOptions } from '../../src/policy/diff/diff-engine';
import { toJsonDiffReport, toMarkdownDiffReport } from '../../src/policy/diff/diff-format';
import { OBJECT_CHANGES } from '../support/immutable-changes';

// Realistic manifests, written as kubectl users write them (not this library's output).
type Obj = { [key: string]: any };
const labels = (name: string, extra: Obj = {}) => ({ app: name, ...extra });

interface DeploymentOptions {
  replicas?: number | null; image?: string; podLabels?: Obj; selector?: Obj; strategy?: Obj; port?: string; readiness?: boolean; configMap?: string;
}

function deployment(name: string, options: DeploymentOptions = {}): Obj {
  const podLabels = options.podLabels ?? labels(name);
  const spec: Obj = {
    selector: { matchLabels: options.selector ?? podLabels },
    strategy: options.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    template: {
      metadata: { labels: podLabels },
      spec: {
        containers: [{
          name: 'app',
          image: options.image ?? 'registry.example.com/shop/app:1.0.0-aaaaaaa',
          ports: [{ name: options.port ?? 'http', containerPort: 8080 }],
          ...(options.readiness === false ? {} : { readinessProbe: { httpGet: { path: '/ready', port: options.port ?? 'http' } } }),
          ...(options.configMap ? { envFrom: [{ configMapRef: { name: options.configMap } }] } : {}),
        }],
      },
    },
  };
  if (options.replicas !== null) spec.replicas = options.replicas ?? 3;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' }, spec };
}
const service = (name: string, selector: Obj, extra: Obj = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'shop', ...(extra.metadata ?? {}) },
  spec: { selector, ports: [{ name: 'http', port: 80, targetPort: extra.targetPort ?? 'http' }], ...(extra.spec ?? {}) },
});
const budget = (name: string, matchLabels: Obj) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'shop' }, spec: { maxUnavailable: 1, selector: { matchLabels }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } });
const hpa = (target: string) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: target, namespace: 'shop' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, minReplicas: 3, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] },
});
const inputs = (objects: Obj[]) => objects.map((object, i) => ({ object, source: `manifest.yaml#${i}` }));
const review = (base: Obj[], head: Obj[], options: DiffOptions = {}) => diffManifests(inputs(base), inputs(head), options);
const changeErrors = (base: Obj[], head: Obj[], options: DiffOptions = {}) =>
  review(base, head, options).findings.filter((f) => /^ZD1\d\d$/.test(f.rule) && f.severity === FindingSeverity.ERROR && f.suppressed === undefined);
const messages = (base: Obj[], head: Obj[], options: DiffOptions = {}) => changeErrors(base, head, options).map((f) => `${f.rule} ${f.message}; ${f.fix}`);

const api = () => [deployment('api'), service('api', labels('api')), budget('api', labels('api'))];

describe('change rules: one dangerous pair each, with its exact message', () => {
  test('ZD101 a Deployment selector changes', () => {
    expect(messages(api(), [deployment('api', { podLabels: { app: 'api', tier: 'web' }, selector: { app: 'api', tier: 'web' } }), service('api', labels('api')), budget('api', labels('api'))])).toEqual([
      'ZD101 Deployment/api spec.selector ({"matchLabels":{"app":"api"}} -> {"matchLabels":{"app":"api","tier":"web"}}) must not change: the API server refuses a new selector for a Deployment; delete the object and apply again (a short outage), or create it under a new name and move traffic to it',
    ]);
  });

  // The same pairs the cluster tests apply to a real API server (test/support/immutable-changes.ts).
  test.each(OBJECT_CHANGES.map((c) => [c.name, c]))('ZD101 %s', (_name, change) => {
    const found = messages([change.base], [change.head]).filter((m) => m.startsWith('ZD101'));
    if (change.zd101 === undefined) {
      expect(found).toEqual([]);
    } else {
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(`ZD101 ${change.zd101}`);
    }
  });

  test('ZD101 a larger PVC request with an expandable StorageClass in the manifests: a warning that the claim must be Bound', () => {
    const change = OBJECT_CHANGES.find((c) => c.name.startsWith('a larger PVC request'))!;
    const storageClass = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'ebs.csi.aws.com', allowVolumeExpansion: true };
    const found = review([change.base, storageClass], [change.head, storageClass]).findings.filter((f) => f.rule === 'ZD101');
    expect(found.map((f) => `${f.severity} ${f.message}; ${f.fix}`)).toEqual([
      'warning PersistentVolumeClaim/data spec.resources.requests.storage ("10Gi" -> "20Gi") grows the volume only once the claim is Bound (StorageClass standard allows expansion): the API server refuses it for a Pending claim; apply it once kubectl get pvc shows the claim Bound',
    ]);
  });

  test('ZD102 a served Deployment switched to Recreate', () => {
    expect(messages(api(), [deployment('api', { strategy: { type: 'Recreate' } }), service('api', labels('api')), budget('api', labels('api'))])).toEqual([
      'ZD102 Deployment/api spec.strategy.type ("RollingUpdate" -> "Recreate") must stay RollingUpdate while Services (api) route to the pods: Recreate stops every pod before a new one is ready; keep RollingUpdate with maxUnavailable 0 and maxSurge 1',
    ]);
  });

  test('ZD102 maxUnavailable raised to every replica', () => {
    expect(messages(api(), [deployment('api', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '100%' } } }), service('api', labels('api')), budget('api', labels('api'))])[0])
      .toBe('ZD102 Deployment/api spec.strategy.rollingUpdate.maxUnavailable (0 -> "100%" (3 of 3 pods)) must stay below the 3 replicas while Services (api) route to the pods; set maxUnavailable to 0 and maxSurge to 1');
  });

  const colours = (blue: number, green: number, active: string) => [
    deployment('api-blue', { replicas: blue, podLabels: { app: 'api', color: 'blue' } }),
    deployment('api-green', { replicas: green, podLabels: { app: 'api', color: 'green' }, image: 'registry.example.com/shop/app:1.1.0-bbbbbbb' }),
    service('api', { app: 'api', color: active }),
    ...(blue > 0 ? [budget('api-blue', { app: 'api', color: 'blue' })] : []),
    ...(green > 0 ? [budget('api-green', { app: 'api', color: 'green' })] : []),
  ];

  test('ZD103 stage and promote in one change: the flip goes to a colour with no pods yet', () => {
    expect(messages(colours(3, 0, 'blue'), colours(3, 3, 'green'))).toEqual([
      'ZD103 Service/api spec.selector (Deployment/api-blue (3) -> Deployment/api-green (3), none of which runs matching pods before the change) must keep selecting pods that already run: the new pods cannot be ready when the selector moves, so traffic drops until they are; apply in two changes: first start the new pods (stage, scale up, or add the label to the running pods), then move the Service',
    ]);
  });

  test('ZD103 a selector narrowed to a label only the new pods carry', () => {
    const head = [deployment('api', { podLabels: { app: 'api', v: '2' }, selector: { app: 'api' } }), service('api', { app: 'api', v: '2' }), budget('api', labels('api'))];
    expect(messages(api(), head).map((m) => m.slice(0, 40))).toEqual(['ZD103 Service/api spec.selector (Deploym']);
  });

  test('ZD104 promote and finalize in one change', () => {
    expect(messages(colours(3, 3, 'blue'), colours(0, 3, 'green'))).toEqual([
      'ZD104 Service/api spec.selector (moves to Deployment/api-green and stops Deployment/api-blue in the same change) must leave the pods it moves away from running: open connections drain and the rollback needs them; apply the switch first (cdk8s-zd promote), and scale the old pods to 0 in a later change (cdk8s-zd finalize)',
    ]);
  });

  test('ZD105 a named targetPort renamed away from the running pods', () => {
    const head = [deployment('api', { port: 'web' }), service('api', labels('api'), { targetPort: 'web' }), budget('api', labels('api'))];
    expect(messages(api(), head)).toEqual([
      'ZD105 Service/api spec.ports[0].targetPort ("http" -> "web", which the running pods of Deployment/api do not have) must name a port the pods that run now have: they leave the endpoints until the rollout replaces them; add the new port name to the pods in one change, move the Service in the next',
    ]);
  });

  test('ZD106 spec.replicas added to an autoscaled workload, and removed with the HPA that arrives', () => {
    expect(messages([deployment('api', { replicas: null }), service('api', labels('api')), budget('api', labels('api')), hpa('api')], [...api(), hpa('api')])[0])
      .toBe('ZD106 Deployment/api spec.replicas (unset -> 3) must stay unset while an autoscaler manages the workload: every apply resets the live replica count; remove spec.replicas');
    expect(messages(api(), [deployment('api', { replicas: null }), service('api', labels('api')), budget('api', labels('api')), hpa('api')])[0])
      .toMatch(/^ZD106 Deployment\/api spec\.replicas \(3 -> unset, in the change that adds the autoscaler\) must not be removed/);
  });

  test('ZD107 a Deployment renamed with the old one pruned', () => {
    const head = [deployment('api-v2', { podLabels: labels('api') }), service('api', labels('api')), budget('api', labels('api'))];
    expect(messages(api(), head)).toContain('ZD107 Deployment/api-v2 metadata.name (api -> api-v2, and Deployment/api is pruned in the same change) must not replace a running workload in one apply: the old pods are all deleted while the new ones start; apply the new workload without pruning, wait until it is available, then remove the old one (or keep the old name)');
    expect(messages(api(), head, { prune: false })).toEqual([]);
  });

  test('ZD108 a Namespace pruned that still holds workloads; a ConfigMap the pods read; a routed Service', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
    expect(messages([ns, ...api()], api())[0]).toMatch(/^ZD108 Namespace\/shop metadata\.name \(pruned while head still holds 3 objects in it/);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { a: '1' } };
    const withConfig = [deployment('api', { configMap: 'cfg' }), service('api', labels('api')), budget('api', labels('api'))];
    expect(messages([cm, ...withConfig], withConfig)).toEqual(['ZD108 ConfigMap/cfg metadata.name (pruned while Deployment/api still read it) must not be deleted: pods that read it cannot start; keep it in head, or apply with --no-prune until nothing uses it']);
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' }, spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }] } };
    expect(messages([...api(), ingress], [deployment('api'), budget('api', labels('api')), ingress])).toContain('ZD108 Service/api metadata.name (pruned while an Ingress, route or Rollout of head still sends traffic to it) must not be deleted while traffic is routed to it; move the routes first, then remove the Service');
  });
});

describe('safe changes stay quiet (no error)', () => {
  test.each([
    ['an image bump on a RollingUpdate with maxUnavailable 0', api(), [deployment('api', { image: 'registry.example.com/shop/app:1.1.0-bbbbbbb' }), service('api', labels('api')), budget('api', labels('api'))]],
    ['more replicas', api(), [deployment('api', { replicas: 6 }), service('api', labels('api')), budget('api', labels('api'))]],
    ['labels and annotations that touch no selector', api(), [{ ...deployment('api'), metadata: { name: 'api', namespace: 'shop', labels: { team: 'shop' }, annotations: { note: 'x' } } }, service('api', labels('api')), budget('api', labels('api'))]],
    ['a new object', api(), [...api(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', namespace: 'shop' }, data: { a: '1' } }]],
    ['HPA bounds', [...api().slice(1), deployment('api', { replicas: null }), hpa('api')], [...api().slice(1), deployment('api', { replicas: null }), { ...hpa('api'), spec: { ...hpa('api').spec, maxReplicas: 20 } }]],
    ['a hash-named ConfigMap replaced (a warning at most)', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg-aaaa', namespace: 'shop' }, immutable: true, data: { a: '1' } }, deployment('api', { configMap: 'cfg-aaaa' }), service('api', labels('api')), budget('api', labels('api'))],
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg-bbbb', namespace: 'shop' }, immutable: true, data: { a: '2' } }, deployment('api', { configMap: 'cfg-bbbb' }), service('api', labels('api')), budget('api', labels('api'))]],
    ['a new migration Job with a new name', [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate-aaaa', namespace: 'shop' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'registry.example.com/m:1.0.0-aaaaaaa' }] } } } }],
      [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate-bbbb', namespace: 'shop' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'registry.example.com/m:1.1.0-bbbbbbb' }] } } } }]],
  ])('%s', (_name, base, head) => {
    expect(changeErrors(base as Obj[], head as Obj[])).toEqual([]);
  });

  test('blue/green as separate changes: stage, promote to a running colour, finalize', () => {
    const stable = [deployment('api-blue', { podLabels: { app: 'api', color: 'blue' } }), deployment('api-green', { replicas: 0, podLabels: { app: 'api', color: 'green' } }), service('api', { app: 'api', color: 'blue' }), budget('api-blue', { app: 'api', color: 'blue' })];
    const staged = [deployment('api-blue', { podLabels: { app: 'api', color: 'blue' } }), deployment('api-green', { podLabels: { app: 'api', color: 'green' }, image: 'registry.example.com/shop/app:1.1.0-bbbbbbb' }), service('api', { app: 'api', color: 'blue' }), budget('api-blue', { app: 'api', color: 'blue' }), budget('api-green', { app: 'api', color: 'green' })];
    const promoted = staged.map((o) => (o.kind === 'Service' ? service('api', { app: 'api', color: 'green' }) : o));
    const final = [deployment('api-blue', { replicas: 0, podLabels: { app: 'api', color: 'blue' } }), ...promoted.filter((o) => o.metadata.name !== 'api-blue')];
    expect(changeErrors(stable, staged)).toEqual([]);
    expect(changeErrors(staged, promoted)).toEqual([]);
    expect(changeErrors(promoted, final)).toEqual([]);
  });
});

describe('the report', () => {
  const stable = () => [deployment('api-blue', { podLabels: { app: 'api', color: 'blue' } }), deployment('api-green', { replicas: 0, podLabels: { app: 'api', color: 'green' } }), service('api', { app: 'api', color: 'blue' }, { metadata: { annotations: { 'shop.example.com/active-color': 'blue' } } }), budget('api-blue', { app: 'api', color: 'blue' })];
  const promoted = () => [deployment('api-blue', { podLabels: { app: 'api', color: 'blue' } }), deployment('api-green', { podLabels: { app: 'api', color: 'green' }, image: 'registry.example.com/shop/app:1.1.0-bbbbbbb' }), service('api', { app: 'api', color: 'green' }, { metadata: { annotations: { 'shop.example.com/active-color': 'green' } } }), budget('api-blue', { app: 'api', color: 'blue' }), budget('api-green', { app: 'api', color: 'green' })];

  test('the change summary: counts by kind, traffic before and after, workloads, the release step in words', () => {
    const { changes } = review(stable(), promoted());
    expect(changes.traffic).toEqual([{ service: 'api', before: 'api-blue (3)', after: 'api-green (3)' }]);
    expect(changes.releaseSteps).toEqual(['api: active colour blue -> green (promote or rollback)', 'api-green: scaled up from 0 (stage, or a canary starts)']);
    expect(changes.workloads).toEqual([{ workload: 'Deployment/api-green', imagesBefore: ['registry.example.com/shop/app:1.0.0-aaaaaaa'], imagesAfter: ['registry.example.com/shop/app:1.1.0-bbbbbbb'], replicasBefore: '0', replicasAfter: '3' }]);
    expect(changes.objects).toContainEqual({ kind: 'PodDisruptionBudget', added: 1, removed: 0, changed: 0, unchanged: 1 });
  });

  test('JSON is check\'s shape with the changes added', () => {
    const json = JSON.parse(toJsonDiffReport(review(stable(), promoted())));
    expect(Object.keys(json)).toEqual(['findings', 'summary', 'changes']);
    expect(json.findings[0]).toMatchObject({ rule: 'ZD103', severity: 'error', object: { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'api' }, field: 'spec.selector' });
  });

  test('Markdown: the verdict first, findings, the summary, a Mermaid flowchart before and after, object diffs folded', () => {
    const md = toMarkdownDiffReport(review(stable(), promoted())).join('\n');
    expect(md.split('\n')[0]).toBe('## ❌ Zero-downtime review of this change');
    expect(md).toContain('**FAIL: 1 error');
    expect(md).toContain('| `api` | api-blue (3) | api-green (3) |');
    expect(md).toContain('```mermaid\nflowchart LR\n  subgraph before["Before (live)"]');
    expect(md).toContain('<details><summary>Object diffs (3)</summary>');
    expect(md).toContain('-     shop.example.com/active-color: blue\n+     shop.example.com/active-color: green');
  });
});

describe('cdk8s-zd diff', () => {
  const write = (objects: Obj[]) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zd-diff-')), 'm.yaml');
    fs.writeFileSync(file, objects.map((o) => yaml.stringify(o)).join('---\n'));
    return file;
  };
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    return { code: runCli(['diff', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) }), out: out.join('\n'), err: err.join('\n') };
  };

  test('exit 1 on an error finding, 0 on a safe change, 2 on usage errors and unreadable input', () => {
    expect(run([write(api()), write([deployment('api', { strategy: { type: 'Recreate' } }), service('api', labels('api')), budget('api', labels('api'))])]).code).toBe(1);
    expect(run([write(api()), write([deployment('api', { replicas: 4 }), service('api', labels('api')), budget('api', labels('api'))])]).code).toBe(0);
    expect(run([write(api())]).code).toBe(2);
    expect(run([write(api()), '/nonexistent/head.yaml']).code).toBe(2);
    expect(run(['--format', 'xml', write(api()), write(api())]).code).toBe(2);
  });

  test('--no-prune leaves what head omits alone', () => {
    const base = write([...api(), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }]);
    expect(run([base, write(api())]).code).toBe(1);
    expect(run([base, write(api()), '--no-prune']).code).toBe(0);
  });

  test('--help lists the change rules', () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('ZD101 error   No change of a field the API server keeps immutable');
  });
});

describe('properties of the diff engine', () => {
  const value = fc.jsonValue({ maxDepth: 3 });
  const anyObject = fc.record({
    apiVersion: fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'argoproj.io/v1alpha1', 'policy/v1', 'x/y'),
    kind: fc.constantFrom('Deployment', 'Service', 'StatefulSet', 'Job', 'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'Rollout', 'Namespace', 'PodDisruptionBudget'),
    metadata: fc.record({ name: fc.constantFrom('a', 'b'), namespace: fc.constantFrom('shop', undefined), labels: fc.option(fc.dictionary(fc.constantFrom('app', 'color'), fc.constantFrom('a', 'b'))) }, { requiredKeys: ['name'] }),
    spec: value,
    data: value,
    immutable: fc.option(fc.boolean()),
  }, { requiredKeys: ['apiVersion', 'kind', 'metadata'] });

  test('property: whatever the fields hold, a review never throws, and an unchanged set raises no change finding', () => {
    fc.assert(fc.property(fc.array(anyObject, { maxLength: 6 }), fc.array(anyObject, { maxLength: 6 }), (base, head) => {
      review(base as Obj[], head as Obj[]);
      expect(review(head as Obj[], head as Obj[]).findings.filter((f) => /^ZD1\d\d$/.test(f.rule))).toEqual([]);
    }), { numRuns: 300 });
  });
});
