/** Identifies one object the way `kubectl` does: group/version, kind, namespace and name. */
export interface ObjectRef {
  /** The object's apiVersion. */
  readonly apiVersion: string;
  /** The object's kind. */
  readonly kind: string;
  /** The namespace: the object's own, else the default one; undefined for cluster-scoped kinds. */
  readonly namespaceName?: string;
  /** The object's name. */
  readonly name: string;
}
