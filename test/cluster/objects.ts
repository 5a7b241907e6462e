/* An object's identity, as the cluster tests compare manifests of two steps. */
import { KubeObject } from '../support/schema';

/** An object's identity: API version, kind, namespace and name. */
export const objectKey = (o: KubeObject): string => `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
