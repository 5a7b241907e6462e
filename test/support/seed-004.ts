/*
 * Seed 004's HorizontalPodAutoscaler (`hpa.yaml` of the chaos-world-gateway guide), field for
 * field, as the expected spec of the tests that render it: the construct's (a Deployment) and
 * the reference app's (an Argo Rollout).
 */

/** The seed's HPA spec, scaling the workload `scaleTargetRef` names. */
export function seed004HpaSpec(scaleTargetRef: { apiVersion: string; kind: string; name: string }): object {
  return {
    scaleTargetRef,
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
  };
}
