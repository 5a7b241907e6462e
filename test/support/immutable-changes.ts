/*
 * Changes of one object, base to head, with what ZD101 says of each: the immutable-field
 * changes it reports (and the API server refuses), and mutable changes it lets pass (and the
 * API server accepts). test/policy/diff.test.ts checks the rule's message for each; the
 * cluster tests apply each pair to a real API server and check that it agrees.
 */
type Obj = { [key: string]: any };

/** One object's change. */
export interface ObjectChange {
  readonly name: string;
  readonly base: Obj;
  readonly head: Obj;
  /** The start of ZD101's message (`Kind/name field`), or undefined when ZD101 lets it pass. */
  readonly zd101?: string;
}

const NS = 'shop';
const clone = (o: Obj): Obj => JSON.parse(JSON.stringify(o));
const changed = (base: Obj, mutate: (o: Obj) => void): Obj => {
  const head = clone(base);
  mutate(head);
  return head;
};

const deployment: Obj = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: NS },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'api' } },
    template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'registry.example.com/shop/api:1.0.0-aaaaaaa' }] } },
  },
};
const statefulSet: Obj = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: NS },
  spec: {
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16.4' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }],
  },
};
const job: Obj = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'migrate', namespace: NS },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'registry.example.com/m:1.0.0-aaaaaaa' }] } } },
};
const claim: Obj = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: NS },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } },
};
const service: Obj = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'api', namespace: NS },
  spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
};
const rollout: Obj = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: NS },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.0.0-aaaaaaa' }] } },
    strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
  },
};
const immutableConfig: Obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: NS }, immutable: true, data: { a: '1' } };
const secret: Obj = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: NS }, type: 'Opaque', data: { a: 'eA==' } };
const binding: Obj = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'read', namespace: NS },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
  subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: NS }],
};

export const OBJECT_CHANGES: readonly ObjectChange[] = [
  {
    name: 'a Deployment selector',
    base: deployment,
    head: changed(deployment, (o) => {
      o.spec.selector.matchLabels.tier = 'web';
      o.spec.template.metadata.labels.tier = 'web';
    }),
    zd101: 'Deployment/api spec.selector',
  },
  {
    name: 'a StatefulSet volume claim template',
    base: statefulSet,
    head: changed(statefulSet, (o) => { o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '20Gi'; }),
    zd101: 'StatefulSet/db spec.volumeClaimTemplates',
  },
  { name: 'a Job template', base: job, head: changed(job, (o) => { o.spec.template.spec.containers[0].image = 'registry.example.com/m:1.1.0-bbbbbbb'; }), zd101: 'Job/migrate spec.template' },
  { name: 'a PVC storage class', base: claim, head: changed(claim, (o) => { o.spec.storageClassName = 'fast'; }), zd101: 'PersistentVolumeClaim/data spec.storageClassName' },
  {
    name: 'a smaller PVC request',
    base: claim,
    head: changed(claim, (o) => { o.spec.resources.requests.storage = '5Gi'; }),
    zd101: 'PersistentVolumeClaim/data spec.resources.requests.storage ("10Gi" -> "5Gi") must not change: a volume never shrinks',
  },
  {
    name: 'a ClusterIP Service made headless',
    base: service,
    head: changed(service, (o) => { o.spec.clusterIP = 'None'; }),
    zd101: 'Service/api spec.clusterIP (unset -> "None") must not change: a ClusterIP Service cannot become headless',
  },
  {
    name: 'an immutable ConfigMap\'s data',
    base: immutableConfig,
    head: changed(immutableConfig, (o) => { o.data.a = '2'; }),
    zd101: 'ConfigMap/cfg data ("(the data)" -> "(different data)") must not change: the data of an immutable ConfigMap never changes',
  },
  {
    name: 'a Secret type',
    base: secret,
    head: changed(secret, (o) => { o.type = 'kubernetes.io/tls'; o.data = { 'tls.crt': 'eA==', 'tls.key': 'eA==' }; }),
    zd101: 'Secret/tls type ("Opaque" -> "kubernetes.io/tls") must not change: a Secret keeps its type',
  },
  { name: 'a RoleBinding roleRef', base: binding, head: changed(binding, (o) => { o.roleRef.name = 'writer'; }), zd101: 'RoleBinding/read roleRef' },
  {
    name: 'an Argo Rollout selector',
    base: rollout,
    head: changed(rollout, (o) => {
      o.spec.selector.matchLabels.tier = 'web';
      o.spec.template.metadata.labels.tier = 'web';
    }),
    zd101: 'Rollout/web spec.selector',
  },
  {
    name: 'a larger PVC request, its StorageClass unknown',
    base: claim,
    head: changed(claim, (o) => { o.spec.resources.requests.storage = '20Gi'; }),
    zd101: 'PersistentVolumeClaim/data spec.resources.requests.storage ("10Gi" -> "20Gi") must not change unless the claim is Bound and its StorageClass standard has allowVolumeExpansion: true (not in these manifests)',
  },
  // Changes the API server takes, and ZD101 lets pass.
  { name: 'a Deployment image', base: deployment, head: changed(deployment, (o) => { o.spec.template.spec.containers[0].image = 'registry.example.com/shop/api:1.1.0-bbbbbbb'; }) },
  { name: 'a Deployment\'s pod labels beside the selector', base: deployment, head: changed(deployment, (o) => { o.spec.template.metadata.labels.version = '1.1.0'; }) },
  { name: 'a StatefulSet template and replicas', base: statefulSet, head: changed(statefulSet, (o) => { o.spec.replicas = 3; o.spec.template.spec.containers[0].image = 'postgres:16.5'; }) },
  { name: 'a Job\'s labels', base: job, head: changed(job, (o) => { o.metadata.labels = { team: 'data' }; }) },
  { name: 'a Service port and selector', base: service, head: changed(service, (o) => { o.spec.ports[0].port = 8080; o.spec.selector.color = 'green'; }) },
  { name: 'a mutable ConfigMap\'s data', base: { ...immutableConfig, immutable: undefined }, head: { ...immutableConfig, immutable: undefined, data: { a: '2' } } },
  { name: 'a Secret\'s data', base: secret, head: changed(secret, (o) => { o.data.a = 'eQ=='; }) },
  { name: 'a RoleBinding\'s subjects', base: binding, head: changed(binding, (o) => { o.subjects.push({ kind: 'ServiceAccount', name: 'worker', namespace: NS }); }) },
];
