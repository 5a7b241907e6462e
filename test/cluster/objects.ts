/* What the cluster tests read off manifests: an object's identity and label selection. */
import { KubeObject } from '../support/schema';

/** An object's identity: API version, kind, namespace and name. */
export const objectKey = (o: KubeObject): string => `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;

/** Whether a map selector selects these labels. */
export const selects = (selector: { [k: string]: string }, labels: { [k: string]: string } = {}): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
