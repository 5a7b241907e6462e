import { Chart, Duration, Testing } from 'cdk8s';
import { PercentOrAbsolute } from 'cdk8s-plus-27';
import { EnvironmentProfile, GatewayDeployment, GatewayDeploymentProps, SpreadPolicy, TaintEffect } from '../../src';
import { findAll, findOne, synthValid } from '../support/synth';

const IMAGE = 'ghcr.io/example/api:1.4.2-0a1b2c3';

function synth(props: Partial<GatewayDeploymentProps> = {}, id = 'Api', namespace?: string) {
  const chart = new Chart(Testing.app(), 'test', { namespace });
  const gateway = new GatewayDeployment(chart, id, { name: 'api', image: IMAGE, profile: EnvironmentProfile.production(), ...props });
  return { chart, gateway, objects: synthValid(chart) };
}

function expectError(props: Partial<GatewayDeploymentProps>, message: string) {
  const chart = Testing.chart();
  expect(() => new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE, profile: EnvironmentProfile.production(), ...props }))
    .toThrow(message);
}

describe('GatewayDeployment', () => {
  test('production defaults', () => {
    // WHEN
    const { objects } = synth();
    // THEN
    expect(objects).toMatchSnapshot();
  });

  test('development defaults: one replica, no PDB, no spread, any tag', () => {
    const { objects } = synth({ profile: EnvironmentProfile.development(), image: 'api:latest' });
    expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'Deployment', 'Service']);
    const deployment = findOne(objects, 'Deployment');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.affinity).toBeUndefined();
    expect(deployment.spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  describe('the promises of a zero-downtime rollout', () => {
    const { objects } = synth();
    const deployment = findOne(objects, 'Deployment');
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];

    test('rolling update adds a pod before removing one', () => {
      expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
      expect(deployment.spec.progressDeadlineSeconds).toBe(600);
      expect(deployment.spec.revisionHistoryLimit).toBe(10);
      expect(deployment.spec.minReadySeconds).toBe(10);
    });

    test('startup, readiness and liveness probes on the named port, liveness apart from readiness', () => {
      expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
      expect(container.startupProbe).toEqual({
        httpGet: { path: '/health', port: 'http', scheme: 'HTTP' },
        periodSeconds: 5,
        timeoutSeconds: 3,
        failureThreshold: 12,
        successThreshold: 1,
      });
      expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBe(60);
      expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http', scheme: 'HTTP' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http', scheme: 'HTTP' });
    });

    test('preStop drain inside a longer grace period', () => {
      expect(container.lifecycle.preStop.exec.command).toEqual(['sleep', '15']);
      expect(pod.terminationGracePeriodSeconds).toBe(50);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(15 + 30);
    });

    test('restricted security context and no service account token', () => {
      expect(pod.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        fsGroup: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.serviceAccountName).toBe('api');
      expect(findOne(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    });

    test('explicit requests and limits for cpu, memory and ephemeral storage', () => {
      expect(container.resources).toEqual({
        requests: { 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '256Mi' },
        limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '1Gi' },
      });
    });

    test('spread over nodes and zones on the stable selector', () => {
      const selector = { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } };
      expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
        { weight: 100, podAffinityTerm: { labelSelector: selector, topologyKey: 'kubernetes.io/hostname' } },
      ]);
      expect(pod.topologySpreadConstraints).toEqual([{
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: selector,
        matchLabelKeys: ['pod-template-hash'],
      }]);
    });

    test('a PDB that allows one eviction and evicts unhealthy pods', () => {
      const pdb = findOne(objects, 'PodDisruptionBudget');
      expect(pdb.spec).toEqual({
        maxUnavailable: 1,
        selector: deployment.spec.selector,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      });
    });

    test('the Service targets the named port through the same selector', () => {
      const service = findOne(objects, 'Service');
      expect(service.spec).toEqual({
        type: 'ClusterIP',
        selector: deployment.spec.selector.matchLabels,
        ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      });
    });

    test('scrape annotations and a deterministic change-cause', () => {
      expect(deployment.spec.template.metadata.annotations).toEqual({
        'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics',
      });
      expect(deployment.metadata.annotations).toEqual({ 'kubernetes.io/change-cause': 'release 1.4.2-0a1b2c3' });
      expect(deployment.metadata.labels['app.kubernetes.io/version']).toBe('1.4.2-0a1b2c3');
    });
  });

  test('seed 003 numbers: probe timings, surge 1 / unavailable 1, required anti-affinity', () => {
    const { objects } = synth({
      replicas: 4,
      maxUnavailable: PercentOrAbsolute.absolute(1),
      spread: SpreadPolicy.REQUIRED,
      liveness: { initialDelay: Duration.seconds(10), period: Duration.seconds(5), failureThreshold: 3 },
      readiness: { initialDelay: Duration.seconds(5), period: Duration.seconds(3), failureThreshold: 2 },
    });
    const deployment = findOne(objects, 'Deployment');
    const container = deployment.spec.template.spec.containers[0];
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 1 });
    expect(container.livenessProbe).toMatchObject({ initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 3 });
    expect(container.readinessProbe).toMatchObject({ initialDelaySeconds: 5, periodSeconds: 3, failureThreshold: 2 });
    expect(deployment.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([{
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
      topologyKey: 'kubernetes.io/hostname',
    }]);
  });

  test('seed 004 extras: headless Service, secret env, node selector, tolerations, separate metrics port', () => {
    const { objects } = synth({
      headlessService: true,
      env: { RUST_LOG: 'info' },
      secretEnv: [{ name: 'JWT_SECRET', secretName: 'api-gateway-secrets', key: 'jwt-secret' }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'node-role.kubernetes.io/master', effect: TaintEffect.NO_SCHEDULE }],
      metricsPort: 9090,
    }, 'Api', 'api-gateway');
    // Every object takes its namespace from its chart.
    expect(objects.every((o) => o.metadata?.namespace === 'api-gateway')).toBe(true);
    const headless = findOne(objects, 'Service', 'api-headless');
    expect(headless.spec).toEqual({
      clusterIP: 'None',
      selector: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' },
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    });
    const pod = findOne(objects, 'Deployment').spec.template;
    expect(pod.spec.containers[0].env).toEqual([
      { name: 'RUST_LOG', value: 'info' },
      { name: 'JWT_SECRET', valueFrom: { secretKeyRef: { name: 'api-gateway-secrets', key: 'jwt-secret' } } },
    ]);
    expect(pod.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.spec.tolerations).toEqual([{ key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.spec.containers[0].ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ]);
    expect(pod.metadata.annotations['prometheus.io/port']).toBe('9090');
  });

  test('app/version and pod labels go on the pods, never on a selector', () => {
    const { objects } = synth({ appVersionLabels: true, podLabels: { team: 'payments' } });
    const deployment = findOne(objects, 'Deployment');
    expect(deployment.spec.template.metadata.labels).toMatchObject({ app: 'api', version: '1.4.2-0a1b2c3', team: 'payments' });
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
    expect(findOne(objects, 'Service').spec.selector).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
    expect(findOne(objects, 'PodDisruptionBudget').spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
    // The Deployment's own labels stay the recommended set.
    expect(Object.keys(deployment.metadata.labels)).not.toContain('app');
  });

  test('without appVersionLabels the pods carry only the recommended labels', () => {
    const labels = findOne(synth().objects, 'Deployment').spec.template.metadata.labels;
    expect(Object.keys(labels).every((k) => k.startsWith('app.kubernetes.io/'))).toBe(true);
  });

  test('a smoke test after apply: a Job named after the image, calling the Service on each path', () => {
    const { objects } = synth({ smokeTest: { image: 'curlimages/curl:8.11.1', paths: ['/health', '/api/v2/orders'] } });
    const job = findOne(objects, 'Job');
    expect(job.metadata.name).toMatch(/^api-smoke-[0-9a-f]{10}$/);
    expect(job.metadata.labels['app.kubernetes.io/component']).toBe('smoke-test');
    expect(job.spec.template.spec.containers[0].command[2])
      .toBe('set -e; for p in /health /api/v2/orders; do curl -fsS --max-time 5 -o /dev/null "http://api:80$p"; echo "ok $p"; done');
    // The next release's test is another Job; the same release applied again is the same Job.
    const next = findOne(synth({ image: 'ghcr.io/example/api:1.4.3-1a2b3c4', smokeTest: { image: 'curlimages/curl:8.11.1' } }).objects, 'Job');
    expect(next.metadata.name).not.toBe(job.metadata.name);
    expect(findOne(synth({ smokeTest: { image: 'curlimages/curl:8.11.1' } }).objects, 'Job').metadata.name).toBe(job.metadata.name);
  });

  test('a smoke test needs a path', () => {
    expectError({ smokeTest: { image: 'curlimages/curl:8.11.1', paths: [] } }, "test/Api: 'smokeTest.paths' ([]) must hold at least one path; name the health path and one API path");
  });

  test('the grace period follows the drain timeout', () => {
    const { objects } = synth({ drainTimeout: Duration.seconds(60), preStopDelay: Duration.seconds(10) });
    expect(findOne(objects, 'Deployment').spec.template.spec.terminationGracePeriodSeconds).toBe(75);
  });

  test('a single replica gets no PDB even where the profile wants one', () => {
    const { objects } = synth({ replicas: 1, profile: EnvironmentProfile.staging() });
    expect(findAll(objects, 'PodDisruptionBudget')).toEqual([]);
  });

  test('a single replica behind a production Service fails the synth with ZD016', () => {
    const chart = Testing.chart();
    new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE, profile: EnvironmentProfile.production(), replicas: 1 });
    expect(() => Testing.synth(chart)).toThrow('test/Api/Service (Service/api): ZD016 Service/api spec.selector (1 pod at the minimum (Deployment/api: 1)) must reach at least 2 pods in production, or one eviction or node failure takes the Service down; run at least 2 replicas (or an autoscaler minimum of 2) behind the Service');
  });

  test('renaming the construct id changes no name and no selector', () => {
    // GIVEN
    const before = synth({}, 'Api').objects;
    // WHEN
    const after = synth({}, 'CompletelyDifferentId').objects;
    // THEN
    expect(after).toEqual(before);
    const selector = findOne(after, 'Deployment').spec.selector.matchLabels;
    expect(Object.keys(selector).some((k) => k.startsWith('cdk8s.io'))).toBe(false);
  });

  test('useful outputs', () => {
    const { gateway } = synth({ headlessService: true });
    expect(gateway.deployment.name).toBe('api');
    expect(gateway.service.name).toBe('api');
    expect(gateway.headlessService?.name).toBe('api-headless');
    expect(gateway.podDisruptionBudget?.name).toBe('api');
    expect(gateway.replicas).toBe(3);
    expect(gateway.blueprint.terminationGracePeriod.toSeconds()).toBe(50);
  });

  describe('rejects bad input with the path, the prop, the value, what is needed and the fix', () => {
    test('ZD001 liveness on the readiness endpoint', () => {
      expectError({ livenessPath: '/ready' },
        "test/Api: ZD001 'livenessPath' (/ready) must differ from 'readinessPath' (/ready); point liveness at a cheap process-only endpoint such as /health and keep dependency checks in readiness");
    });

    test('ZD002 both rolling bounds at zero', () => {
      expectError({ maxSurge: PercentOrAbsolute.absolute(0) },
        "test/Api: ZD002 'maxSurge' (0 with maxUnavailable 0 at 3 replicas) must be at least 1 pod when maxUnavailable resolves to 0, or the rollout can never start; set maxSurge to 1 (keeps full capacity with maxUnavailable 0)");
    });

    test('ZD002 a percentage surge that rounds up is enough', () => {
      expect(() => synth({ maxSurge: PercentOrAbsolute.percent(10) })).not.toThrow();
    });

    test('ZD002 a percentage unavailable that rounds down to zero with no surge', () => {
      expectError({ maxSurge: PercentOrAbsolute.percent(0), maxUnavailable: PercentOrAbsolute.percent(25) },
        "test/Api: ZD002 'maxSurge' (0% with maxUnavailable 25% at 3 replicas) must be at least 1 pod when maxUnavailable resolves to 0, or the rollout can never start; set maxSurge to 1 (keeps full capacity with maxUnavailable 0)");
    });

    test('ZD002 every pod unavailable at once', () => {
      expectError({ maxUnavailable: PercentOrAbsolute.percent(100) },
        "test/Api: ZD002 'maxUnavailable' (100%, 3 of 3 replicas) must leave at least one pod serving during a rollout; lower maxUnavailable below the replica count, or use maxUnavailable 0 with maxSurge 1");
    });

    test('ZD003 grace period shorter than preStop + drain', () => {
      expectError({ terminationGracePeriod: Duration.seconds(20) },
        "test/Api: ZD003 'terminationGracePeriod' (20s) must exceed preStopDelay (15s) + drainTimeout (30s) = 45s; raise terminationGracePeriod to at least 46s, or leave it unset to derive it, or shorten the drain");
    });

    test('ZD004 disabling the budget with several replicas', () => {
      expectError({ disruptionBudget: false },
        "test/Api: ZD004 'disruptionBudget' (false) must be enabled with 3 replicas (2 or more); remove disruptionBudget: false, or run a single replica");
    });

    test('ZD004 a budget that allows no eviction', () => {
      expectError({ disruptionBudgetMaxUnavailable: 0 },
        "test/Api: ZD004 'disruptionBudgetMaxUnavailable' (0) must allow at least 1 eviction, or node drains block forever; set disruptionBudgetMaxUnavailable to 1");
    });

    test('ZD004 a budget that lets every pod go', () => {
      expectError({ disruptionBudgetMaxUnavailable: 3 },
        "test/Api: ZD004 'disruptionBudgetMaxUnavailable' (3) must be below the minimum replica count (3) so one pod keeps serving during a drain; set disruptionBudgetMaxUnavailable to at most 2");
    });

    test('ZD007 latest in production', () => {
      expectError({ image: 'ghcr.io/example/api:latest' },
        "test/Api: ZD007 'image' (ghcr.io/example/api:latest) must carry an immutable <semver>-<gitsha> tag (1.3.0-ab12cd3) or a digest (@sha256:...) in production; tag the build with its version and git sha, or pin the image by digest");
    });

    test('ZD007 no tag in staging', () => {
      expectError({ image: 'registry.local:5000/api', profile: EnvironmentProfile.staging() },
        "test/Api: ZD007 'image' (registry.local:5000/api, no tag) must carry an immutable <semver>-<gitsha> tag (1.3.0-ab12cd3) or a digest (@sha256:...) in staging; tag the build with its version and git sha, or pin the image by digest");
    });

    test('ZD007 accepts a digest', () => {
      expect(() => synth({ image: `ghcr.io/example/api@sha256:${'a'.repeat(64)}` })).not.toThrow();
    });

    test('malformed image reference', () => {
      expectError({ image: 'api:1.0 ' },
        'test/Api: \'image\' (api:1.0 ) must be a valid image reference; image reference "api:1.0 " must be non-empty and contain no white space');
    });

    test('replicas below one', () => {
      expectError({ replicas: 0 }, "test/Api: 'replicas' (0) must be a whole number of at least 1: these pods serve live traffic; set replicas to 1 or more");
    });

    test('root or low uid', () => {
      expectError({ runAsUser: 0 },
        "test/Api: 'runAsUser' (0) must be a whole number from 10000 to 2147483647 (restricted pods never share a host uid/gid); set runAsUser to 10001 or build the image for a high uid");
    });

    test('port out of range', () => {
      expectError({ port: 70000 }, "test/Api: 'port' (70000) must be a whole number from 1 to 65535; set port to the port the app listens on");
    });

    test('fractional seconds', () => {
      expectError({ preStopDelay: Duration.millis(1500) },
        "test/Api: 'preStopDelay' (1500ms) must be a whole, non-negative number of seconds; use Duration.seconds(2)");
    });

    test('invalid environment variable name', () => {
      expectError({ env: { 'BAD-NAME': 'x' } },
        "test/Api: 'env' (\"BAD-NAME\") must be a variable name of letters, digits and _ not starting with a digit; rename the variable");
    });

    test('the same variable twice', () => {
      expectError({ env: { LOG_LEVEL: 'x' }, secretEnv: [{ name: 'LOG_LEVEL', secretName: 's', key: 'k' }] },
        "test/Api: 'env' (LOG_LEVEL) must be set once; remove the duplicate (a Secret reference and a plain value cannot share a name)");
    });

    test.each([
      [{ JWT_SECRET: 'x' }, "test/Api: 'env.JWT_SECRET' (<redacted>, the name says SECRET) must not hold a secret: a plain env value is written into the manifest in clear text; read it from a Secret: secretEnv: [{ name: 'JWT_SECRET', secretName: '<secret>', key: '<key>' }]"],
      [{ dbPassword: 'x' }, "test/Api: 'env.dbPassword' (<redacted>, the name says PASSWORD) must not hold a secret"],
      [{ UPSTREAM: 'https://app:hunter2@upstream.internal/api' }, "test/Api: 'env.UPSTREAM' (<redacted>, a URL with a password) must not hold a secret"],
    ])('a secret as a plain env value, by name or by value: %j', (env, message) => {
      expectError({ env }, message);
    });

    test('probe path without a slash', () => {
      expectError({ readinessPath: 'ready' }, "test/Api: 'readinessPath' (\"ready\") must be a URL path starting with / (no white space, query or fragment); write it as /ready");
    });
  });
});
