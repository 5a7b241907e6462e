import { parse } from 'yaml';
import { systemObjects } from './support/apps';
import { seed004HpaSpec } from './support/seed-004';
import { findAll, findOne } from './support/synth';

test('chaos-world-gateway production HPA equals seed 004 field for field', () => {
  const hpa = findOne(systemObjects('chaos-world-gateway', 'production'), 'HorizontalPodAutoscaler');
  expect(hpa.spec).toEqual(seed004HpaSpec({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api-gateway' }));
});

test('chaos-world-gateway staging scales 3 to 20 and the VPA only recommends', () => {
  const objects = systemObjects('chaos-world-gateway', 'staging');
  expect(findOne(objects, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 3, maxReplicas: 20 });
  expect(findOne(objects, 'VerticalPodAutoscaler').spec.updatePolicy).toEqual({ updateMode: 'Off' });
});

test.each(['staging', 'production'] as const)('meetinity-gateway %s scales on 65 %% CPU and 70 %% memory', (environment) => {
  const hpa = findOne(systemObjects('meetinity-gateway', environment), 'HorizontalPodAutoscaler');
  expect(hpa.spec.metrics).toEqual([
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 65 } } },
    { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } },
  ]);
});

test.each(['staging', 'production'] as const)('massive-chat %s: gateway on CPU and p95 latency, presence on active sockets, notifications on Kafka lag', (environment) => {
  const objects = systemObjects('massive-chat', environment);
  const hpas = Object.fromEntries(findAll(objects, 'HorizontalPodAutoscaler').map((h) => [h.metadata.name, h.spec.metrics]));
  const cpu = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } };
  expect(hpas).toEqual({
    'api-gateway': [cpu, { type: 'Pods', pods: { metric: { name: 'http_request_duration_seconds_p95' }, target: { type: 'AverageValue', averageValue: '500m' } } }],
    'presence-service': [{ type: 'Pods', pods: { metric: { name: 'presence_active_sockets' }, target: { type: 'AverageValue', averageValue: '4000' } } }],
    // Seed 002's message-service "Mongo ops / CPU": CPU, in staging (production's canary is a replica ratio).
    ...(environment === 'staging' ? { 'message-service': [cpu] } : {}),
  });
  // Both Pods metrics are served: the adapter's rules in kube-system name them.
  const adapter = findOne(objects, 'ConfigMap', 'custom-metrics-config');
  expect(adapter.metadata.namespace).toBe('kube-system');
  expect(parse(adapter.data['config.yaml']).rules.map((r: any) => r.name.as)).toEqual(['http_request_duration_seconds_p95', 'presence_active_sockets']);
  const keda = findOne(objects, 'ScaledObject');
  expect(keda.spec.scaleTargetRef.name).toBe('notification-service');
  expect(keda.spec.triggers).toEqual([{
    type: 'kafka',
    metadata: { bootstrapServers: 'kafka.chat-app:9092', consumerGroup: 'notification-service', topic: 'notifications', lagThreshold: '100' },
  }]);
});

test.each(['development', 'staging', 'production'] as const)('chaos-world-gateway %s: the custom metrics adapter serves api_gateway_requests_per_second from the request counter', (environment) => {
  const adapter = findOne(systemObjects('chaos-world-gateway', environment), 'ConfigMap', 'custom-metrics-config');
  expect(adapter.metadata.namespace).toBe('kube-system');
  expect(parse(adapter.data['config.yaml']).rules).toEqual([{
    seriesQuery: 'api_gateway_requests_total{namespace!="",pod!=""}',
    resources: { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
    name: { matches: '^api_gateway_requests_total$', as: 'api_gateway_requests_per_second' },
    metricsQuery: 'sum(rate(<<.Series>>{<<.LabelMatchers>>}[120s])) by (<<.GroupBy>>)',
  }]);
});
