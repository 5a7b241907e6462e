import { systemObjects } from './support/apps';
import { findAll, findOne } from './support/synth';

test('chaos-world-gateway production HPA equals seed 004 field for field', () => {
  const hpa = findOne(systemObjects('chaos-world-gateway', 'production'), 'HorizontalPodAutoscaler');
  expect(hpa.spec).toEqual({
    scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api-gateway' },
    minReplicas: 5,
    maxReplicas: 50,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
      { type: 'Pods', pods: { metric: { name: 'api_gateway_requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } } },
    ],
    behavior: {
      scaleUp: {
        stabilizationWindowSeconds: 60,
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }],
        selectPolicy: 'Max',
      },
      scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }], selectPolicy: 'Min' },
    },
  });
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

test('massive-chat: gateway on CPU, presence on active sockets, notifications on Kafka lag', () => {
  const objects = systemObjects('massive-chat', 'production');
  const hpas = Object.fromEntries(findAll(objects, 'HorizontalPodAutoscaler').map((h) => [h.metadata.name, h.spec.metrics]));
  expect(hpas).toEqual({
    'api-gateway': [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    'presence-service': [{ type: 'Pods', pods: { metric: { name: 'presence_active_sockets' }, target: { type: 'AverageValue', averageValue: '4000' } } }],
  });
  const keda = findOne(objects, 'ScaledObject');
  expect(keda.spec.scaleTargetRef.name).toBe('notification-service');
  expect(keda.spec.triggers).toEqual([{
    type: 'kafka',
    metadata: { bootstrapServers: 'kafka.chat-app:9092', consumerGroup: 'notification-service', topic: 'notifications', lagThreshold: '100' },
  }]);
});
