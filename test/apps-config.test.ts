import * as fs from 'fs';
import * as path from 'path';
import { runningWorkloads, systemObjects } from './support/apps';
import { copyEnvDir } from './support/env-dir';
import { findAll, findOne } from './support/synth';
import { ENVIRONMENTS } from '../apps/environments';

const MEETINITY_KEYS = [
  'PROXY_POOL_CONNECTIONS', 'PROXY_POOL_MAXSIZE', 'PROXY_POOL_BLOCK', 'PROXY_STREAM_UPSTREAM', 'PROXY_STREAM_CHUNK_SIZE',
  'CACHE_ENABLED', 'CACHE_DEFAULT_TTL', 'CACHE_VARY_HEADERS', 'WSGI_WORKERS', 'WSGI_THREADS', 'WSGI_GRACEFUL_TIMEOUT',
  'WSGI_MAX_REQUESTS', 'PROXY_TIMEOUT_READ', 'PROXY_TIMEOUT_CONNECT', 'HIERARCHICAL_CONFIG',
];

describe.each(ENVIRONMENTS)('meetinity-gateway %s configuration', (environment) => {
  const objects = systemObjects('meetinity-gateway', environment);
  // The configuration ConfigMap (the other one holds the Grafana dashboard).
  const configMap = findOne(objects.filter((o) => !o.metadata?.name?.endsWith('-dashboard')), 'ConfigMap');
  const [running] = runningWorkloads(objects);
  const container = running.spec.template.spec.containers[0];

  test('flattened keys, the hierarchical tree, a hashed immutable ConfigMap', () => {
    expect(Object.keys(configMap.data)).toEqual(expect.arrayContaining(MEETINITY_KEYS));
    expect(configMap.metadata.name).toMatch(/^meetinity-api-gateway-[0-9a-f]{10}$/);
    expect(configMap.immutable).toBe(true);
    expect(JSON.parse(configMap.data.HIERARCHICAL_CONFIG).proxy.timeout).toEqual(expect.objectContaining({ connect: '5' }));
    expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
  });

  test('secrets reach the pod only by reference', () => {
    const refs = container.env.filter((e: { valueFrom?: unknown }) => e.valueFrom).map((e: { name: string }) => e.name);
    expect(refs.length).toBeGreaterThanOrEqual(1);
    expect(refs).toContain('JWT_SECRET');
    for (const name of refs) expect(configMap.data[name]).toBeUndefined();
    const secretKinds = objects.filter((o) => o.kind === 'Secret' || o.kind === 'ExternalSecret').map((o) => o.kind);
    expect(secretKinds).toEqual({ development: ['Secret'], staging: [], production: ['ExternalSecret'] }[environment]);
  });

  test('the grace period follows WSGI_GRACEFUL_TIMEOUT', () => {
    const timeout = Number(configMap.data.WSGI_GRACEFUL_TIMEOUT);
    for (const workload of runningWorkloads(objects)) expect(workload.spec.template.spec.terminationGracePeriodSeconds).toBe(10 + timeout + 5);
  });
});

test('changing WSGI_GRACEFUL_TIMEOUT in the production .env changes the grace period', () => {
  // GIVEN
  const dir = copyEnvDir(path.join('apps', 'meetinity-gateway', 'env'));
  const grace = () => runningWorkloads(systemObjects('meetinity-gateway', 'production', { configDirectory: dir }))[0].spec.template.spec.terminationGracePeriodSeconds;
  expect(grace()).toBe(10 + 45 + 5);
  // WHEN
  const file = path.join(dir, '.env.production');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('WSGI_GRACEFUL_TIMEOUT=45', 'WSGI_GRACEFUL_TIMEOUT=120'));
  // THEN
  expect(grace()).toBe(10 + 120 + 5);
});

describe('massive-chat precedence: Secret > ConfigMap/env > code defaults (seed 002)', () => {
  test.each([
    ['development', 'debug', 'all'],
    ['staging', 'info', 'all'],
    ['production', 'warn', 'none'],
  ] as const)('%s', (environment, logLevel, flags) => {
    const objects = systemObjects('massive-chat', environment);
    // The configuration ConfigMap, not the Grafana dashboards or the metrics adapter's (ConfigMaps too).
    const config = findOne(objects.filter((o) => o.metadata?.name?.startsWith('chat-app-config-')), 'ConfigMap');
    const data = config.data;
    const snapshot = JSON.parse(data.CONFIG_SNAPSHOT);
    const layer = (key: string) => snapshot.find((e: { key: string }) => e.key === key).layer;
    // .env files beat code defaults; code defaults fill what no file sets.
    expect(data.LOG_LEVEL).toBe(logLevel);
    expect(layer('LOG_LEVEL')).toBe(environment === 'staging' ? '.env' : `.env.${environment}`);
    expect(data.FEATURE_FLAGS).toBe(flags);
    expect(data.WS_HEARTBEAT_INTERVAL).toBe('25s');
    expect(layer('WS_HEARTBEAT_INTERVAL')).toBe('defaults');
    // Secrets come from env secretKeyRefs, which Kubernetes applies over envFrom.
    for (const deployment of findAll(objects, 'Deployment')) {
      const container = deployment.spec.template.spec.containers[0];
      expect(container.envFrom).toEqual([{ configMapRef: { name: config.metadata.name } }]);
      for (const ref of container.env.filter((e: { valueFrom?: unknown }) => e.valueFrom)) expect(data[ref.name]).toBeUndefined();
    }
  });
});

test('chaos-world-gateway mounts config.yaml read-only and references api-gateway-secrets', () => {
  const objects = systemObjects('chaos-world-gateway', 'production');
  const files = findAll(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('api-gateway-config-files-'));
  expect(files.data['config.yaml']).toContain('consul_url: http://consul.consul:8500');
  const pod = findOne(objects, 'Rollout').spec.template.spec;
  expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'config-files', mountPath: '/app/configs', readOnly: true });
  expect(pod.containers[0].env).toEqual([
    { name: 'CONSUL_TOKEN', valueFrom: { secretKeyRef: { name: 'api-gateway-secrets', key: 'consul-token' } } },
    { name: 'JWT_SECRET', valueFrom: { secretKeyRef: { name: 'api-gateway-secrets', key: 'jwt-secret' } } },
    { name: 'MONGODB_PASSWORD', valueFrom: { secretKeyRef: { name: 'api-gateway-secrets', key: 'mongodb-password' } } },
    { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'api-gateway-secrets', key: 'redis-password' } } },
  ]);
});
