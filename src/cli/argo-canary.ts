import { runningWorkloadOf } from './rendered-workloads';
import { asArray, asNumber, asObject, get } from '../policy/model/json';
import { ManifestModel } from '../policy/model/manifest-model';

/** An Argo Rollout whose canary steps, not the release file, set the canary's weight. */
export interface ArgoCanary {
  /** The Rollout's name. */
  readonly name: string;
  readonly namespace: string;
  /** The weights of its `setWeight` steps, in order. */
  readonly weights: number[];
}

/**
 * The Argo Rollouts canary (`strategy.canary`) in the rendered manifests that runs
 * one of `images`, if any: the canary release file then records which image Argo rolls out, and
 * Argo's steps move the weight (a `weight` in the file would be a number nothing reads).
 */
export function argoCanaryOf(rendered: ManifestModel | undefined, images: readonly string[]): ArgoCanary | undefined {
  for (const image of images) {
    const owner = runningWorkloadOf(rendered, image);
    const canary = owner?.kind === 'Rollout' ? asObject(get(owner.spec, 'strategy', 'canary')) : undefined;
    if (!owner || !canary) continue;
    const weights = asArray(canary.steps).map((s) => asNumber(asObject(s)?.setWeight)).filter((w): w is number => w !== undefined);
    return { name: owner.name, namespace: owner.namespace ?? 'default', weights };
  }
  return undefined;
}
