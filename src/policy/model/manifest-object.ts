import { asObject, asString, JsonObject, stringMap } from './json';
import { ObjectRef } from '../object-ref';

export type { ObjectRef };

/** Kinds without a namespace (the ones a manifest set of workloads meets). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'StorageClass',
  'PersistentVolume', 'IngressClass', 'GatewayClass', 'ClusterIssuer', 'ClusterSecretStore', 'ClusterAnalysisTemplate',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService', 'RuntimeClass', 'Node',
  'ClusterTriggerAuthentication', 'PodSecurityPolicy',
]);

/** The API group of an apiVersion (`apps/v1` -> `apps`, `v1` -> ''). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * One rendered Kubernetes object and where it came from (a file, a construct path), with the
 * metadata every rule reads already taken apart.
 */
export class ManifestObject {
  /** Builds one from plain JSON; undefined when it is not a Kubernetes object (no kind or apiVersion). */
  public static from(raw: unknown, defaultNamespace: string, source?: string, index = 0): ManifestObject | undefined {
    const o = asObject(raw);
    const kind = asString(o?.kind);
    const apiVersion = asString(o?.apiVersion);
    if (!o || !kind || !apiVersion) return undefined;
    const metadata = asObject(o.metadata) ?? {};
    const name = asString(metadata.name) ?? asString(metadata.generateName) ?? '';
    const namespace = CLUSTER_SCOPED.has(kind) ? undefined : asString(metadata.namespace) || defaultNamespace;
    const ref = { apiVersion, kind, namespaceName: namespace, name };
    return new ManifestObject(o, ref, stringMap(metadata.labels), stringMap(metadata.annotations), index, source);
  }

  private constructor(
    /** The object as rendered. */
    public readonly raw: JsonObject,
    /** Its identity. */
    public readonly ref: ObjectRef,
    /** metadata.labels. */
    public readonly labels: { readonly [key: string]: string },
    /** metadata.annotations. */
    public readonly annotations: { readonly [key: string]: string },
    /** Its position in the input, for stable report order. */
    public readonly index: number,
    /** Where it came from: a file path or a construct path. */
    public readonly source?: string,
  ) {}

  /** Kind. */
  public get kind(): string { return this.ref.kind; }
  /** Name. */
  public get name(): string { return this.ref.name; }
  /** Namespace (undefined when cluster-scoped). */
  public get namespace(): string | undefined { return this.ref.namespaceName; }
  /** `Kind/name`, as messages name it. */
  public get display(): string { return `${this.ref.kind}/${this.ref.name}`; }
  /** The object's spec, or an empty object. */
  public get spec(): JsonObject { return asObject(this.raw.spec) ?? {}; }
}
