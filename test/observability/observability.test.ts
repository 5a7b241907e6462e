import { Chart, Duration, Testing } from 'cdk8s';
import {
  AlertRules, AlertRulesProps, AlertSeverity, BlueGreenService, Colour, EnvironmentProfile, GatewayDeployment, GatewayDeploymentProps, GoldenSignals,
  GrafanaDashboard, MonitorKind, ReleasePhase, ReleaseState, WorkloadMonitor, WorkloadMonitorProps, WorkloadObservability,
} from '../../src';
import { findAll, findOne, synthValid } from '../support/synth';

const SIGNALS = new GoldenSignals({
  requestsMetric: 'api_requests_total',
  failedRequestsMetric: 'api_requests_failed_total',
  durationHistogram: 'api_request_duration_seconds',
});

function gateway(chart: Chart, props: Partial<GatewayDeploymentProps> = {}): GatewayDeployment {
  return new GatewayDeployment(chart, 'Api', { name: 'api', image: 'ghcr.io/acme/api:1.0.0-aaaaaaa', profile: EnvironmentProfile.production(), ...props });
}

describe('WorkloadMonitor', () => {
  const monitor = (props: Partial<WorkloadMonitorProps> = {}, target: Partial<GatewayDeploymentProps> = {}) => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const api = gateway(chart, target);
    const construct = new WorkloadMonitor(chart, 'Monitor', { target: api, ...props });
    return { construct, objects: synthValid(chart) };
  };

  test('defaults: a ServiceMonitor on a headless metrics Service over every pod', () => {
    // GIVEN / WHEN
    const { construct, objects } = monitor();
    const serviceMonitor = findOne(objects, 'ServiceMonitor');
    const metricsService = findOne(objects, 'Service', 'api-metrics');
    // THEN
    expect([metricsService, serviceMonitor]).toMatchSnapshot();
    expect(metricsService.spec).toEqual({
      clusterIP: 'None',
      selector: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' },
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    });
    expect(serviceMonitor.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/component': 'metrics' });
    // Only the metrics Service matches: the workload's own Service has another component.
    expect(findAll(objects, 'Service').filter((s) => Object.entries(serviceMonitor.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels[k] === v))).toHaveLength(1);
    expect(serviceMonitor.spec.podTargetLabels).toEqual(['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'pod-template-hash']);
    expect(construct.matchers).toEqual({ namespace: 'shop', app_kubernetes_io_name: 'api', app_kubernetes_io_instance: 'api' });
    expect(construct.releaseLabel).toBe('pod_template_hash');
  });

  test('a separate metrics port is scraped by its name', () => {
    const { objects } = monitor({}, { metricsPort: 9090, metricsPath: '/internal/metrics' });
    expect(findOne(objects, 'Service', 'api-metrics').spec.ports).toEqual([{ name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' }]);
    expect(findOne(objects, 'ServiceMonitor').spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/internal/metrics' });
  });

  test('a PodMonitor needs no Service', () => {
    const { objects } = monitor({ kind: MonitorKind.POD_MONITOR, interval: Duration.seconds(15), scrapeTimeout: Duration.seconds(5), monitorLabels: { release: 'prom' } });
    expect(findAll(objects, 'ServiceMonitor')).toEqual([]);
    expect(findAll(objects, 'Service').map((s) => s.metadata.name)).toEqual(['api']);
    const podMonitor = findOne(objects, 'PodMonitor');
    expect(podMonitor.metadata.labels.release).toBe('prom');
    expect(podMonitor.spec).toMatchObject({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
      podMetricsEndpoints: [{ port: 'http', path: '/metrics', interval: '15s', scrapeTimeout: '5s' }],
    });
  });

  test('blue/green: both colours behind one monitor, labelled by colour', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const release = ReleaseState.of('release/production.json', { activeColour: Colour.BLUE, phase: ReleasePhase.STAGED, blueImage: 'ghcr.io/acme/api:1.0.0-aaaaaaa', greenImage: 'ghcr.io/acme/api:1.1.0-bbbbbbb' });
    const api = new BlueGreenService(chart, 'Api', { name: 'api', profile: EnvironmentProfile.production(), release, annotationDomain: 'gateway.acme.io' });
    const construct = new WorkloadMonitor(chart, 'Monitor', { target: api });
    const objects = synthValid(chart);
    expect(findOne(objects, 'ServiceMonitor').spec.podTargetLabels).toContain('gateway.acme.io/color');
    expect(construct.releaseLabel).toBe('gateway_acme_io_color');
    // The metrics Service selects name + instance only, so it reaches blue and green.
    expect(findOne(objects, 'Service', 'api-metrics').spec.selector).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
  });

  test.each([
    [{ scrapeTimeout: Duration.seconds(30) }, {}, "test/Monitor: 'scrapeTimeout' (30s with interval 30s) must be shorter than the interval; use a timeout of about a third of the interval, such as 10s for 30s"],
    [{ interval: Duration.millis(500) }, {}, "test/Monitor: 'interval' (500ms) must be a whole number of seconds above 0; use Duration.seconds(1)"],
    [{}, { scrape: false }, "test/Monitor: 'target' (api with scrape: false) must expose metrics; set scrape: true (the default) and metricsPort/metricsPath on the workload"],
  ] as Array<[Partial<WorkloadMonitorProps>, Partial<GatewayDeploymentProps>, string]>)('rejects %j on %j', (props, target, message) => {
    expect(() => monitor(props, target)).toThrow(message);
  });
});

describe('AlertRules', () => {
  const rules = (props: Partial<AlertRulesProps> = {}) => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const api = gateway(chart);
    new AlertRules(chart, 'Alerts', { target: api, signals: SIGNALS, runbookBaseUrl: 'https://runbooks.acme.io/api/', ...props });
    return findOne(synthValid(chart), 'PrometheusRule');
  };

  test('seed 004 alerts by default', () => {
    const rule = rules();
    expect(rule).toMatchSnapshot();
    expect(rule.metadata.name).toBe('api-alerts');
    expect(rule.spec.groups[0].rules.map((r: any) => [r.alert, r.for, r.labels.severity, r.annotations.runbook_url])).toEqual([
      ['HighErrorRate', '2m', 'warning', 'https://runbooks.acme.io/api/high-error-rate'],
      ['HighResponseTime', '3m', 'warning', 'https://runbooks.acme.io/api/high-response-time'],
      ['HighResponseTimeP99', '3m', 'warning', 'https://runbooks.acme.io/api/high-response-time-p99'],
      ['PodCrashLooping', '5m', 'critical', 'https://runbooks.acme.io/api/pod-crash-looping'],
      ['RolloutNotProgressing', '1m', 'critical', 'https://runbooks.acme.io/api/rollout-not-progressing'],
    ]);
    // Past the progress deadline: a Deployment of the workload not Progressing, or its Rollout Degraded.
    expect(rule.spec.groups[0].rules[4].expr).toBe('max(kube_deployment_status_condition{namespace="shop",deployment=~"api(-blue|-green|-canary)?",condition="Progressing",status="false"}) == 1 or max(rollout_info{namespace="shop",name="api",phase="Degraded"}) == 1');
  });

  test('durations, severities and labels are settable; rule ids and expressions stay', () => {
    const rule = rules({ errorRate: { pendingFor: Duration.seconds(90), severity: AlertSeverity.CRITICAL }, alertLabels: { team: 'shop', severity: 'ignored' }, ruleLabels: { release: 'prom' } });
    const [errorRate] = rule.spec.groups[0].rules;
    expect(errorRate).toMatchObject({ for: '90s', labels: { team: 'shop', severity: 'critical', service: 'api' } });
    expect(rule.metadata.labels.release).toBe('prom');
  });

  test.each([
    [{ runbookBaseUrl: 'runbooks/api' }, "test/Alerts: 'runbookBaseUrl' (runbooks/api) must be an http(s) URL without spaces or quotes; point it at the folder of your runbooks, such as https://runbooks.example.com/api-gateway"],
    [{ latency: { pendingFor: Duration.millis(1500) } }, "test/Alerts: 'HighResponseTime.pendingFor' (1500ms) must be a whole, non-negative number of seconds; use Duration.seconds(2)"],
  ] as Array<[Partial<AlertRulesProps>, string]>)('rejects %j', (props, message) => {
    expect(() => rules(props)).toThrow(message);
  });
});

describe('GrafanaDashboard', () => {
  test('panels from the shared queries, with the alert thresholds drawn', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const api = gateway(chart);
    // WHEN
    const construct = new GrafanaDashboard(chart, 'Dashboard', { target: api, signals: SIGNALS, folder: 'Shop' });
    const configMap = findOne(synthValid(chart), 'ConfigMap', 'api-dashboard');
    // THEN
    expect(configMap).toMatchSnapshot();
    expect(configMap.metadata.labels.grafana_dashboard).toBe('1');
    expect(configMap.metadata.annotations).toEqual({ grafana_folder: 'Shop' });
    const dashboard = JSON.parse(configMap.data['api.json']);
    expect(dashboard.uid).toBe(construct.uid);
    const matchers = { namespace: 'shop', app_kubernetes_io_name: 'api', app_kubernetes_io_instance: 'api' };
    const exprs = Object.fromEntries(dashboard.panels.map((p: any) => [p.title, p.targets.map((t: any) => t.expr)]));
    expect(exprs['Request rate']).toEqual([SIGNALS.requestRate(matchers)]);
    expect(exprs['Latency percentiles']).toEqual([0.5, 0.95, 0.99].map((q) => SIGNALS.latencyQuantile(q, matchers)));
    expect(exprs['Error rate']).toEqual([SIGNALS.errorRate(matchers)]);
    expect(exprs['Pods per pod-template-hash']).toEqual([SIGNALS.podsUpBy('pod_template_hash', matchers)]);
    const threshold = (title: string) => dashboard.panels.find((p: any) => p.title === title).fieldConfig.defaults.thresholds.steps[1]?.value;
    expect([threshold('Error rate'), threshold('Latency percentiles'), threshold('Request rate')]).toEqual([0.05, 1, undefined]);
  });

  test('the same input gives the same bytes', () => {
    const render = () => {
      const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
      new GrafanaDashboard(chart, 'Dashboard', { target: gateway(chart), signals: SIGNALS });
      return JSON.stringify(synthValid(chart));
    };
    expect(render()).toBe(render());
  });
});

describe('WorkloadObservability', () => {
  test('a monitor, alerts and a dashboard that share one GoldenSignals', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const observability = new WorkloadObservability(chart, 'Observability', {
      target: gateway(chart), signals: SIGNALS, runbookBaseUrl: 'https://runbooks.acme.io/api', prometheusSelectorLabels: { release: 'prom' },
    });
    const objects = synthValid(chart);
    expect(observability.alerts.alertNames).toEqual(['HighErrorRate', 'HighResponseTime', 'HighResponseTimeP99', 'PodCrashLooping', 'RolloutNotProgressing']);
    expect(findOne(objects, 'ServiceMonitor').metadata.labels.release).toBe('prom');
    expect(findOne(objects, 'PrometheusRule').metadata.labels.release).toBe('prom');
    expect(findOne(objects, 'ConfigMap', 'api-dashboard')).toBeDefined();
  });

  test('the dashboard is optional', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    new WorkloadObservability(chart, 'Observability', { target: gateway(chart), signals: SIGNALS, runbookBaseUrl: 'https://runbooks.acme.io/api', dashboard: false });
    expect(findAll(synthValid(chart), 'ConfigMap')).toEqual([]);
  });
});
