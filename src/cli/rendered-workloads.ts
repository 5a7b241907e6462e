import * as fs from 'fs';
import * as path from 'path';
import { readManifests } from '../policy/manifest-reader';
import { ManifestModel } from '../policy/model/manifest-model';
import { ManifestObject } from '../policy/model/manifest-object';

/**
 * The rendered manifests a release file feeds (the synth output, `manifests` relative to
 * `cwd`), as the rule engine reads them; undefined when they are not there or do not parse
 * (the release commands then print what to run instead of reading it from them).
 */
export function renderedModel(manifests: string, cwd: string): ManifestModel | undefined {
  const dir = path.resolve(cwd, manifests);
  if (!fs.existsSync(dir)) return undefined;
  try {
    return ManifestModel.build(readManifests([dir]));
  } catch {
    return undefined;
  }
}

/** The running Deployment or Argo Rollout (replicas not 0) whose pods run `image`, if any. */
export function runningWorkloadOf(model: ManifestModel | undefined, image: string): ManifestObject | undefined {
  for (const podSet of model?.podSets ?? []) {
    const owner = podSet.owner;
    if ((owner.kind !== 'Deployment' && owner.kind !== 'Rollout') || owner.spec.replicas === 0) continue;
    if (podSet.containers().some((c) => c.raw.image === image)) return owner;
  }
  return undefined;
}
