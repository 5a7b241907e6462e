import { Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import {
  EnvironmentProfile, GatewayDeployment, HardenedNamespace, HardenedNamespaceProps, NetworkIsolation, NetworkIsolationProps, NetworkPeer,
  PodSecurityLevel,
} from '../../src';
import { findAll, findOne, synthValid } from '../support/synth';

describe('NetworkIsolation', () => {
  const isolate = (props: Partial<NetworkIsolationProps> = {}) => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', { name: 'postgresql', podSelector: { 'app.kubernetes.io/name': 'postgresql' }, ports: [5432], ...props });
    return findOne(synthValid(chart), 'NetworkPolicy');
  };

  test('default deny: both policy types, nothing in, only DNS out', () => {
    const policy = isolate();
    expect(policy).toMatchSnapshot();
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress ?? []).toEqual([]);
    expect(policy.spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);
  });

  test('seed 002: a database reachable only from the services that use it', () => {
    const policy = isolate({
      allowFrom: [NetworkPeer.pods({ 'app.kubernetes.io/name': 'user-service' }), NetworkPeer.podsIn('jobs', { app: 'backup' })],
      allowDns: false,
    });
    expect(policy.spec.ingress).toEqual([{
      from: [
        { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'user-service' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jobs' } }, podSelector: { matchLabels: { app: 'backup' } } },
      ],
      ports: [{ protocol: 'TCP', port: 5432 }],
    }]);
    expect(policy.spec.egress ?? []).toEqual([]);
  });

  test('forWorkload: the workload selector, its serving port, the ingress controller, Prometheus on a separate metrics port', () => {
    const chart = Testing.chart();
    const api = new GatewayDeployment(chart, 'Api', { name: 'api', image: 'ghcr.io/acme/api:1.0.0-aaaaaaa', profile: EnvironmentProfile.production(), metricsPort: 9090 });
    NetworkIsolation.forWorkload(chart, 'Isolation', {
      target: api,
      ingressControllerNamespace: 'ingress-nginx',
      egressTo: [{ peer: NetworkPeer.anyPodIn('redis'), port: 6379 }],
    });
    const policy = findOne(synthValid(chart), 'NetworkPolicy');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } });
    expect(policy.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9090 }] },
    ]);
    expect(policy.spec.egress[0]).toEqual({ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'redis' } } }], ports: [{ protocol: 'TCP', port: 6379 }] });
  });

  test.each([
    [{ podSelector: {} }, "test/Isolation: 'podSelector' ({}) must select the pods isolated by at least one label; give the workload's selector labels; a namespace-wide default deny is HardenedNamespace's defaultDenyNetwork"],
    [{ ports: [] }, "test/Isolation: 'ports' ([]) must list the ports the pods serve; give the serving port, such as 8080"],
    [{ ports: [70000] }, "test/Isolation: 'port' (70000) must be a whole number from 1 to 65535; use the TCP port number"],
  ] as Array<[Partial<NetworkIsolationProps>, string]>)('rejects %j', (props, message) => {
    expect(() => isolate(props)).toThrow(message);
  });

  test('rejects peers that would match everything or cannot be a label value', () => {
    expect(() => NetworkPeer.pods({})).toThrow('NetworkPeer: labels must not be empty (an empty selector matches every pod); name the pods by their labels');
    expect(() => NetworkPeer.anyPodIn('Ingress Nginx')).toThrow("NetworkPeer: 'Ingress Nginx' must be a label value of at most 63 letters, digits, '-', '_' and '.'; use the namespace's or label's exact value");
  });
});

describe('HardenedNamespace', () => {
  const namespace = (props: Partial<HardenedNamespaceProps> = {}, chartNamespace?: string) => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: chartNamespace });
    new HardenedNamespace(chart, 'Namespace', { name: 'api-gateway', ...props });
    return synthValid(chart);
  };

  test('restricted: enforce, audit and warn, pinned to v1.27', () => {
    const objects = namespace({ labels: { environment: 'production' } });
    expect(objects).toMatchSnapshot();
    expect(findOne(objects, 'Namespace').metadata.labels).toEqual({
      'environment': 'production',
      'kubernetes.io/metadata.name': 'api-gateway',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.27',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.27',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.27',
      'app.kubernetes.io/managed-by': 'cdk8s-zero-downtime',
    });
  });

  test('a Namespace is cluster-scoped, even in a namespaced chart', () => {
    expect(findOne(namespace({}, 'api-gateway'), 'Namespace').metadata).not.toHaveProperty('namespace');
  });

  test('quota, container defaults and a namespace-wide default deny', () => {
    const objects = namespace({
      level: PodSecurityLevel.BASELINE,
      quota: { cpuRequests: Cpu.units(8), memoryRequests: Size.gibibytes(16), pods: 40 },
      containerDefaults: {
        cpuRequest: Cpu.millis(100), memoryRequest: Size.mebibytes(128), cpuLimit: Cpu.millis(500), memoryLimit: Size.mebibytes(512),
      },
      defaultDenyNetwork: true,
    });
    expect(findOne(objects, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(findOne(objects, 'ResourceQuota').spec.hard).toEqual({ 'requests.cpu': '8', 'requests.memory': '16Gi', 'limits.cpu': '16', 'limits.memory': '32Gi', 'pods': 40 });
    expect(findOne(objects, 'LimitRange').spec.limits).toEqual([{ type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' } }]);
    expect(findOne(objects, 'NetworkPolicy').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(objects.map((o) => o.kind)).toEqual(['Namespace', 'ResourceQuota', 'LimitRange', 'NetworkPolicy']);
    expect(findAll(objects, 'ResourceQuota')[0].metadata.namespace).toBe('api-gateway');
  });

  test.each([
    [{ name: 'API' }, "test/Namespace: 'name' (API) must be a DNS label of at most 63 lowercase letters, digits and '-'; rename the namespace"],
    [{ levelVersion: '1.27' }, "test/Namespace: 'levelVersion' (1.27) must be 'latest' or a Kubernetes minor version such as v1.27; pin the version of your oldest cluster"],
    [{ quota: { cpuRequests: Cpu.units(1), memoryRequests: Size.gibibytes(1), pods: 0 } }, "test/Namespace: 'quota.pods' (0) must be a whole number of at least 1; allow the pods of every workload, their surge and a second blue/green colour"],
  ] as Array<[Partial<HardenedNamespaceProps>, string]>)('rejects %j', (props, message) => {
    expect(() => namespace(props)).toThrow(message);
  });
});
