/** The label every namespace carries with its own name (Kubernetes 1.21 and later). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
