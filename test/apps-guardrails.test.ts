import { COMBINATIONS, systemChartObjects, systemObjects, workloads } from './support/apps';
import { podSpecsOf, restrictedViolations } from './support/pod-security';
import { KubeObject } from './support/schema';
import { findAll, findOne } from './support/synth';

const index = (objects: KubeObject[], kind: string, name?: string) =>
  objects.findIndex((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));

describe.each(COMBINATIONS)('%s in %s', (system, environment) => {
  const objects = systemObjects(system, environment);

  test('every pod rendered, jobs included, meets the Pod Security Standards restricted profile', () => {
    const pods = objects.flatMap(podSpecsOf);
    expect(pods.length).toBeGreaterThan(0);
    const violations = pods.flatMap((p) => restrictedViolations(p.spec).map((v) => `${p.where}: ${v}`));
    expect(violations).toEqual([]);
  });

  // One chart is one file, which kubectl applies in one pass.
  const charts = systemChartObjects(system, environment).filter((chart) => workloads(chart).length > 0).map((chart) => [chart]);
  test.each(charts)('kubectl apply -f takes each file in one pass: namespace first, configuration before pods, pointers after targets', (file) => {
    const namespace = index(file, 'Namespace');
    if (namespace >= 0) expect(namespace).toBe(0);
    const firstWorkload = Math.min(...workloads(file).map((w) => file.indexOf(w)));
    for (const kind of ['ConfigMap', 'Secret', 'ExternalSecret', 'ServiceAccount', 'NetworkPolicy', 'AnalysisTemplate']) {
      for (const obj of findAll(file, kind)) expect(file.indexOf(obj)).toBeLessThan(firstWorkload);
    }
    for (const job of findAll(file, 'Job').filter((j) => j.metadata.labels['app.kubernetes.io/component'] === 'migration')) {
      expect(file.indexOf(job)).toBeLessThan(firstWorkload);
    }
    for (const hpa of findAll(file, 'HorizontalPodAutoscaler')) {
      expect(file.indexOf(hpa)).toBeGreaterThan(index(file, hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name));
    }
    for (const monitor of [...findAll(file, 'ServiceMonitor'), ...findAll(file, 'PodMonitor')]) {
      expect(file.indexOf(monitor)).toBeGreaterThan(firstWorkload);
    }
  });

  test('no Job pod is selected by a Service, budget, network policy or workload of the app', () => {
    const matches = (selector: { [k: string]: string } | undefined, labels: { [k: string]: string }) =>
      selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
    const selectors = [
      ...findAll(objects, 'Service').map((s) => [`Service/${s.metadata.name}`, s.spec.selector]),
      ...findAll(objects, 'PodDisruptionBudget').map((p) => [`PodDisruptionBudget/${p.metadata.name}`, p.spec.selector.matchLabels]),
      ...findAll(objects, 'NetworkPolicy').map((p) => [`NetworkPolicy/${p.metadata.name}`, p.spec.podSelector.matchLabels]),
      ...workloads(objects).map((w) => [`${w.kind}/${w.metadata.name}`, w.spec.selector.matchLabels]),
    ];
    const jobPods = [
      ...findAll(objects, 'Job').map((j) => [`Job/${j.metadata.name}`, j.spec.template.metadata.labels]),
      ...findAll(objects, 'CronJob').map((c) => [`CronJob/${c.metadata.name}`, c.spec.jobTemplate.spec.template.metadata.labels]),
    ];
    const overlaps = jobPods.flatMap(([job, labels]) => selectors.filter(([, selector]) => matches(selector, labels)).map(([owner]) => `${job} selected by ${owner}`));
    expect(overlaps).toEqual([]);
  });

  test('every workload that serves metrics is scraped exactly once', () => {
    const monitors = [...findAll(objects, 'ServiceMonitor'), ...findAll(objects, 'PodMonitor')];
    const scraped = new Map<string, number>();
    for (const monitor of monitors) {
      const selector = monitor.kind === 'PodMonitor'
        ? monitor.spec.selector.matchLabels
        : findAll(objects, 'Service').find((s) => Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels[k] === v))!.spec.selector;
      for (const workload of workloads(objects)) {
        const labels = workload.spec.template.metadata.labels;
        if (Object.entries(selector).every(([k, v]) => labels[k] === v)) {
          scraped.set(workload.metadata.name, (scraped.get(workload.metadata.name) ?? 0) + 1);
        }
      }
    }
    for (const workload of workloads(objects).filter((w) => w.spec.template.metadata.annotations?.['prometheus.io/scrape'] === 'true')) {
      expect([workload.metadata.name, scraped.get(workload.metadata.name)]).toEqual([workload.metadata.name, 1]);
    }
  });
});

describe('chaos-world-gateway production guardrails (seed 004)', () => {
  const objects = systemObjects('chaos-world-gateway', 'production');

  test('a restricted namespace, applied first', () => {
    const namespace = findOne(objects, 'Namespace');
    expect(objects[0]).toBe(namespace);
    expect(namespace.metadata).toEqual({
      name: 'api-gateway',
      labels: expect.objectContaining({
        'name': 'api-gateway',
        'environment': 'production',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      }),
    });
  });

  test('HighErrorRate, HighResponseTime and PodCrashLooping with seed 004 thresholds, durations and severities', () => {
    const rules = findOne(objects, 'PrometheusRule').spec.groups[0].rules;
    const byName = Object.fromEntries(rules.map((r: any) => [r.alert, r]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['HighErrorRate', 'HighResponseTime', 'PodCrashLooping']));
    expect(byName.HighErrorRate).toMatchObject({ for: '2m', labels: { severity: 'warning' } });
    expect(byName.HighErrorRate.expr).toMatch(/api_gateway_requests_failed_total\{.*\}\[5m\]\)\) or vector\(0\)\) \/ sum\(rate\(api_gateway_requests_total\{.*\}\[5m\]\)\) > 0\.05$/);
    expect(byName.HighResponseTime).toMatchObject({ for: '3m', labels: { severity: 'warning' } });
    expect(byName.HighResponseTime.expr).toMatch(/^histogram_quantile\(0\.95, sum by \(le\) \(rate\(api_gateway_request_duration_seconds_bucket\{.*\}\[5m\]\)\)\) > 1$/);
    expect(byName.HighResponseTimeP99.expr).toMatch(/^histogram_quantile\(0\.99, .*\) > 2$/);
    expect(byName.PodCrashLooping).toMatchObject({ for: '5m', labels: { severity: 'critical' } });
    for (const rule of rules) expect(rule.annotations.runbook_url).toMatch(/^https:\/\/runbooks\.chaosworld\.com\/api-gateway\/[a-z0-9-]+$/);
  });

  test('the analysis gates on the alert expression and threshold: one PromQL source', () => {
    const alert = findOne(objects, 'PrometheusRule').spec.groups[0].rules.find((r: any) => r.alert === 'HighErrorRate');
    const metric = findOne(objects, 'AnalysisTemplate').spec.metrics[0];
    const [alertRatio, threshold] = alert.expr.split(' > ');
    // The selectors differ (the analysis measures one ReplicaSet); everything else is the same.
    const strip = (expr: string) => expr.replace(/\{(?:[^{}]|\{\{[^}]*\}\})*\}/g, '{}');
    expect(strip(metric.provider.prometheus.query)).toBe(strip(alertRatio));
    expect(metric.successCondition).toBe(`result[0] <= ${threshold}`);
    const dashboard = JSON.parse(findOne(objects, 'ConfigMap', 'api-gateway-dashboard').data['api-gateway.json']);
    const errorPanel = dashboard.panels.find((p: any) => p.title === 'Error rate');
    expect(errorPanel.targets[0].expr).toBe(alertRatio);
    expect(errorPanel.fieldConfig.defaults.thresholds.steps[1].value).toBe(Number(threshold));
  });

  test('a ServiceMonitor and a Grafana dashboard ConfigMap', () => {
    const monitor = findOne(objects, 'ServiceMonitor');
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s', scheme: 'http' }]);
    const dashboard = findOne(objects, 'ConfigMap', 'api-gateway-dashboard');
    expect(dashboard.metadata.labels.grafana_dashboard).toBe('1');
    const panels = JSON.parse(dashboard.data['api-gateway.json']).panels.map((p: any) => p.title);
    expect(panels).toEqual(['Request rate', 'Latency percentiles', 'Error rate', 'Saturation (usage / requests)', 'Pods per rollouts-pod-template-hash']);
  });

  test('NetworkPolicy: both policy types, ingress from ingress-nginx on 8080, egress to consul, redis, mongodb and DNS', () => {
    const policy = findOne(objects, 'NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api-gateway', 'app.kubernetes.io/instance': 'api-gateway' } });
    expect(policy.spec.ingress[0]).toEqual({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] });
    const egress = policy.spec.egress.map((rule: any) => [rule.to[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'], rule.ports.map((p: any) => p.port)]);
    expect(egress).toEqual([['consul', [8500]], ['redis', [6379]], ['mongodb', [27017]], ['kube-system', [53, 53]]]);
  });
});

test('engine-ops: the migration Job runs before the workloads, once per release', () => {
  for (const environment of ['development', 'production'] as const) {
    const objects = systemObjects('engine-ops', environment);
    const migration = findAll(objects, 'Job').find((j) => j.metadata.labels['app.kubernetes.io/component'] === 'migration');
    expect(migration.metadata.name).toMatch(/^engine-ops-migrate-[0-9a-f]{10}$/);
    expect(migration.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/sync-wave': '-1' });
    expect(objects.indexOf(migration)).toBeLessThan(Math.min(...workloads(objects).map((w) => objects.indexOf(w))));
  }
  // Production migrates with the staged colour's image: the release being rolled out.
  const production = systemObjects('engine-ops', 'production');
  const migration = findAll(production, 'Job').find((j) => j.metadata.labels['app.kubernetes.io/component'] === 'migration');
  expect(migration.spec.template.spec.containers[0].image).toBe(findOne(production, 'Deployment', 'engine-ops-green').spec.template.spec.containers[0].image);
});

describe('massive-chat production (seed 002)', () => {
  const objects = systemObjects('massive-chat', 'production');

  test('daily pg_dump and mongodump, one at a time, credentials by Secret reference', () => {
    const backups = findAll(objects, 'CronJob');
    expect(backups.map((b) => [b.metadata.name, b.spec.schedule, b.spec.concurrencyPolicy])).toEqual([
      ['postgresql-backup', '0 2 * * *', 'Forbid'],
      ['mongodb-backup', '30 2 * * *', 'Forbid'],
    ]);
    const env = backups.map((b) => b.spec.jobTemplate.spec.template.spec.containers[0].env);
    expect(env).toEqual([
      [{ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'chat-app-postgres', key: 'password' } } }],
      [{ name: 'MONGODB_URI', valueFrom: { secretKeyRef: { name: 'chat-app-mongodb', key: 'uri' } } }],
    ]);
  });

  test('PostgreSQL, MongoDB and Redis reachable only from the services that use them, never from the ingress controller', () => {
    const policies = Object.fromEntries(findAll(objects, 'NetworkPolicy').map((p) => [p.metadata.name, p]));
    const clients = (name: string) => policies[name].spec.ingress[0].from.map((f: any) => f.podSelector.matchLabels['app.kubernetes.io/name']);
    expect(clients('postgresql-isolation')).toEqual(['postgresql', 'user-service', 'postgresql-backup']);
    expect(clients('mongodb-isolation')).toEqual(['mongodb', 'message-service', 'mongodb-backup']);
    expect(clients('redis-isolation')).toEqual(['redis', 'presence-service']);
    for (const policy of Object.values(policies) as any[]) {
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(JSON.stringify(policy.spec.ingress)).not.toContain('ingress-nginx');
      expect(policy.spec.ingress.flatMap((r: any) => r.from).every((f: any) => f.namespaceSelector === undefined)).toBe(true);
    }
  });
});

test('graphics-world production: seed 003 world-state backup at 02:00', () => {
  const backup = findOne(systemObjects('graphics-world', 'production'), 'CronJob');
  expect(backup.metadata.name).toBe('backup-world-state');
  expect(backup.spec).toMatchObject({ schedule: '0 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 600 });
});
