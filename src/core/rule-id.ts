/**
 * The zero-downtime rules this library checks: at synth time, in `cdk8s-zd check` and in the
 * cdk8s CLI validation plugin.
 *
 * Every error a rule raises starts with the construct path and the rule id, names the prop and
 * the value found, says what value is needed and how to fix it.
 */
export enum ZeroDowntimeRule {
  /** Every serving container has a readiness probe; liveness differs from readiness. */
  ZD001 = 'ZD001',
  /** A rolling update keeps capacity: maxUnavailable 0 needs maxSurge >= 1; both 0 is an error. */
  ZD002 = 'ZD002',
  /** terminationGracePeriodSeconds exceeds preStop sleep + the app's graceful drain timeout. */
  ZD003 = 'ZD003',
  /** A PodDisruptionBudget exists from 2 replicas on, and still allows one eviction at the minimum. */
  ZD004 = 'ZD004',
  /** An HPA-managed workload omits spec.replicas; utilisation targets need resource requests. */
  ZD005 = 'ZD005',
  /** A blue/green Service never selects a colour that has 0 replicas. */
  ZD006 = 'ZD006',
  /** Staging and production images carry an immutable tag (semver-gitsha or digest). */
  ZD007 = 'ZD007',
  /** Pods roll when their configuration changes. */
  ZD008 = 'ZD008',
  /** A VPA that evicts pods never controls a resource an HPA scales on. */
  ZD009 = 'ZD009',
  /** Exactly one PodDisruptionBudget selects each pod set (the eviction API refuses pods with two). */
  ZD010 = 'ZD010',
  /** A PodDisruptionBudget lets unhealthy pods be evicted (unhealthyPodEvictionPolicy AlwaysAllow). */
  ZD011 = 'ZD011',
  /** An autoscaler's target exists in the autoscaler's own namespace. */
  ZD012 = 'ZD012',
  /** One workload has one horizontal autoscaler (an HPA or a KEDA ScaledObject, not both). */
  ZD013 = 'ZD013',
  /** A Service's named targetPort and every probe port exist in the pod templates it reaches. */
  ZD014 = 'ZD014',
  /** An Argo Rollout's Services, analysis templates and workloadRef exist and are consistent. */
  ZD015 = 'ZD015',
  /** A production Service reaches at least 2 pods. */
  ZD016 = 'ZD016',
  /** No selector is built on cdk8s.io/metadata.addr (it changes when a construct id does). */
  ZD017 = 'ZD017',
  /** No two objects share API group, kind, namespace and name. */
  ZD018 = 'ZD018',
  /** No object uses an API version the target Kubernetes version has removed. */
  ZD019 = 'ZD019',
  /** Every Ingress, route and Traefik backend names a Service (and port) that exists. */
  ZD020 = 'ZD020',
  /** No Ingress or HTTPRoute path reaches the pods' metrics endpoint. */
  ZD021 = 'ZD021',
  /** Every Pods and Object metric of an HPA has a metrics adapter rule. */
  ZD022 = 'ZD022',
  /** Every production image is one the staging manifests run (or a declared hotfix). */
  ZD023 = 'ZD023',
  /** An Argo Rollout's pod template has its quantities as its controller writes them back. */
  ZD024 = 'ZD024',
  /** A change the API server refuses: an immutable field changed (`cdk8s-zd diff`). */
  ZD101 = 'ZD101',
  /** A change that rolls out a served workload without capacity: Recreate, or every pod unavailable at once. */
  ZD102 = 'ZD102',
  /** A change that moves a Service onto pods that are not running before it: they cannot be ready when the selector moves. */
  ZD103 = 'ZD103',
  /** A change that flips a Service and scales the pods it leaves to 0 at once: no rollback, open connections cut. */
  ZD104 = 'ZD104',
  /** A change that renames a Service's named targetPort away from the running pods. */
  ZD105 = 'ZD105',
  /** A change that adds spec.replicas to an autoscaled workload, or removes it with the HPA that takes over. */
  ZD106 = 'ZD106',
  /** A change that renames a workload and prunes the old one: every old pod stops at once. */
  ZD107 = 'ZD107',
  /** A change that prunes a Namespace, ConfigMap, Secret or Service something still uses. */
  ZD108 = 'ZD108',
  /** Suppressions name a rule and give a reason. */
  ZD000 = 'ZD000',
}
