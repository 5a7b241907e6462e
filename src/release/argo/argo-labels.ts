/** The pod label Argo Rollouts puts on the pods of each of its ReplicaSets. */
export const ARGO_HASH_LABEL = 'rollouts-pod-template-hash';
