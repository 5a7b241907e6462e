import { ApiObject } from 'cdk8s';

/**
 * One key for an object's identity (apiVersion, kind, namespace, name), the same for an
 * ApiObject before it renders and for the JSON it renders to: how a rendered object is matched
 * back to the construct that made it.
 */
export function objectKey(apiVersion?: string, kind?: string, namespace?: string, name?: string): string {
  return `${apiVersion ?? ''}|${kind ?? ''}|${namespace ?? ''}|${name ?? ''}`;
}

/** The key of an ApiObject, read without rendering it. */
export function apiObjectKey(obj: ApiObject): string {
  return objectKey(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.name);
}

/** The key of a rendered object (plain JSON, whatever it holds). */
export function renderedObjectKey(obj: unknown): string {
  const o = (typeof obj === 'object' && obj !== null ? obj : {}) as { apiVersion?: string; kind?: string; metadata?: { namespace?: string; name?: string } };
  return objectKey(o.apiVersion, o.kind, o.metadata?.namespace, o.metadata?.name);
}
