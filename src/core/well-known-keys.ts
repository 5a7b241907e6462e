/**
 * The label and annotation keys every layer agrees on: Kubernetes' recommended labels, the
 * keys other tools set, and this library's own. Internal: not part of the package's exports.
 */

/** Kubernetes' recommended labels (`app.kubernetes.io/*`). */
export const APP_LABELS = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  version: 'app.kubernetes.io/version',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

/** The prefix of the recommended labels, all of which this library sets itself. */
export const APP_LABEL_PREFIX = 'app.kubernetes.io/';

/** The value of `app.kubernetes.io/managed-by` on everything this library renders. */
export const MANAGED_BY = 'cdk8s-zero-downtime';

/** cdk8s-plus's default selector label: a hash of the construct path (never select on it). */
export const CDK8S_ADDRESS_LABEL = 'cdk8s.io/metadata.addr';

/** The pod label Argo Rollouts puts on the pods of each of its ReplicaSets. */
export const ARGO_HASH_LABEL = 'rollouts-pod-template-hash';

/** The label every namespace carries with its own name (Kubernetes 1.21 and later). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The annotation that suppresses rules on one object: `"ZD004: batch worker, no PDB wanted"`. */
export const SUPPRESS_ANNOTATION = 'zero-downtime.cdk8s.io/suppress';

/**
 * The annotation on a production workload that lets named images skip staging, one
 * `<image>: <reason>` per line (ZD023).
 */
export const HOTFIX_ANNOTATION = 'zero-downtime.cdk8s.io/hotfix';

/** The label (on an object or its Namespace) that says which environment it is bound for. */
export const ENVIRONMENT_LABEL = 'zero-downtime.cdk8s.io/environment';

/** On a configuration ConfigMap: the Secret its sensitive keys come from. */
export const SECRET_ANNOTATION = 'zero-downtime.cdk8s.io/secret';

/** On a configuration ConfigMap: the keys that Secret must hold. */
export const REQUIRED_SECRET_KEYS_ANNOTATION = 'zero-downtime.cdk8s.io/required-secret-keys';
