/**
 * The zero-downtime rules this library checks at synth time.
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
}
