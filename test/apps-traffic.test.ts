import { systemObjects } from './support/apps';
import { findAll, findOne } from './support/synth';

test('graphics-world production: stable and canary at 9:1 and a TraefikService with weights 9 and 1', () => {
  const objects = systemObjects('graphics-world', 'production');
  const replicas = (name: string) => findOne(objects, 'Deployment', name).spec.replicas;
  expect([replicas('chat-service'), replicas('chat-service-canary')]).toEqual([9, 1]);
  expect(findOne(objects, 'Service', 'chat-service').spec.selector).not.toHaveProperty('track');
  expect(findOne(objects, 'TraefikService', 'script-executor').spec.weighted.services.map((s: { name: string; weight: number }) => [s.name, s.weight]))
    .toEqual([['script-executor-stable', 9], ['script-executor-canary', 1]]);
});

test('massive-chat production: message-service canary 1 of 5; WebSocket-friendly gateway ingress', () => {
  const objects = systemObjects('massive-chat', 'production');
  expect([findOne(objects, 'Deployment', 'message-service').spec.replicas, findOne(objects, 'Deployment', 'message-service-canary').spec.replicas]).toEqual([4, 1]);
  const ingress = findOne(objects, 'Ingress', 'api-gateway');
  expect(ingress.metadata.annotations).toMatchObject({
    'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
    'nginx.ingress.kubernetes.io/affinity': 'cookie',
  });
  expect(findOne(objects, 'Deployment', 'api-gateway').spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(120);
});

test('chaos-world-gateway staging: schema-valid Rollout with canary steps 20/40/60/80 behind the TLS Ingress', () => {
  const objects = systemObjects('chaos-world-gateway', 'staging');
  const canary = findOne(objects, 'Rollout').spec.strategy.canary;
  const weights = canary.steps.filter((s: { setWeight?: number }) => s.setWeight !== undefined).map((s: { setWeight: number }) => s.setWeight);
  expect(weights).toEqual([20, 40, 60, 80]);
  expect(canary.analysis.startingStep).toBe(2);
  expect(canary.trafficRouting).toEqual({ nginx: { stableIngress: 'api-gateway' } });
  expect(findOne(objects, 'Ingress', 'api-gateway').spec.rules[0].http.paths[0].backend.service.name).toBe('api-gateway-stable');
});

test('chaos-world-gateway production: the TLS Ingress of seed 004', () => {
  const ingress = findOne(systemObjects('chaos-world-gateway', 'production'), 'Ingress', 'api-gateway');
  expect(ingress.metadata.annotations).toEqual({
    'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
    'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
    'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
    'nginx.ingress.kubernetes.io/limit-rpm': '1000',
  });
  expect(ingress.spec.tls).toEqual([{ hosts: ['api.chaosworld.com'], secretName: 'api-gateway-tls' }]);
});

test('engine-ops production: HTTPRoute for v1 and v2 by path, header and query; RFC headers on v1', () => {
  const route = findOne(systemObjects('engine-ops', 'production'), 'HTTPRoute');
  const [v1, v2] = route.spec.rules;
  for (const [rule, version] of [[v1, 'v1'], [v2, 'v2']] as const) {
    expect(rule.matches).toEqual([
      { path: { type: 'PathPrefix', value: `/api/${version}` } },
      { path: { type: 'PathPrefix', value: '/api' }, headers: [{ type: 'Exact', name: 'X-API-Version', value: version }] },
      { path: { type: 'PathPrefix', value: '/api' }, queryParams: [{ type: 'Exact', name: 'api_version', value: version }] },
    ]);
  }
  expect(v1.filters[0].responseHeaderModifier.add).toEqual([
    { name: 'Deprecation', value: '@1751241600' },
    { name: 'Sunset', value: 'Wed, 31 Dec 2025 00:00:00 GMT' },
    { name: 'Link', value: '<https://api.example.com/api/v2>; rel="successor-version"' },
  ]);
  expect(v2.filters).toBeUndefined();
});

test('engine-ops staging: the same versioned API on the staging host, so it is tested before production (seed 001)', () => {
  const production = findOne(systemObjects('engine-ops', 'production'), 'HTTPRoute');
  const staging = findOne(systemObjects('engine-ops', 'staging'), 'HTTPRoute');
  expect(staging.spec.hostnames).toEqual(['api.staging.example.com']);
  expect(staging.spec.rules.map((r: any) => r.matches)).toEqual(production.spec.rules.map((r: any) => r.matches));
  expect(staging.spec.rules[0].filters[0].responseHeaderModifier.add[2]).toEqual({ name: 'Link', value: '<https://api.staging.example.com/api/v2>; rel="successor-version"' });
  expect(findAll(systemObjects('engine-ops', 'development'), 'HTTPRoute')).toEqual([]);
});
