import { ImageReference } from '../../core/image-reference';
import { ZeroDowntimeRule } from '../../core/rule-id';
import { Violation } from '../../core/violation';
import { FindingSeverity } from '../finding';
import { asString, get, JsonObject, objects } from '../model/json';
import { ManifestObject } from '../model/manifest-object';
import { detailFromViolation, FindingSink, ManifestRule } from '../rule';

/**
 * ZD007: a mutable tag (`latest`, no tag, `1.3`) lets the same manifest run different code on
 * different nodes, and makes a rollback re-pull whatever the tag points at today.
 */
export function checkImmutableImage(image: ImageReference, environment: string): Violation | undefined {
  if (image.digest !== undefined || image.hasSemverGitShaTag) return undefined;
  const found = image.tag === undefined ? `${image.reference}, no tag` : image.reference;
  return {
    rule: ZeroDowntimeRule.ZD007,
    prop: 'image',
    found,
    needed: `must carry an immutable <semver>-<gitsha> tag (1.3.0-ab12cd3) or a digest (@sha256:...) in ${environment}`,
    fix: 'tag the build with its version and git sha, or pin the image by digest',
  };
}

/**
 * ZD007 over manifests: in staging and production every container image (init containers
 * and the Jobs of Argo analysis templates included) carries a `<semver>-<gitsha>` tag or a digest. `latest` or no tag is an error;
 * another tag (`1.25`, `16.2-alpine`) is a warning, since a third-party image's version tag
 * may be all there is. Anchors: Polaris `tagNotSpecified`, kube-linter `latest-tag`,
 * kube-score `container-image-tag`.
 */
export const ZD007_IMMUTABLE_IMAGE: ManifestRule = {
  id: ZeroDowntimeRule.ZD007,
  severity: FindingSeverity.ERROR,
  summary: 'Staging and production images carry an immutable tag (semver-gitsha) or a digest',
  check(model, context, report) {
    for (const podSet of model.podSets) {
      if (!context.requiresImmutableImages(podSet.owner)) continue;
      for (const c of podSet.containers(true)) checkImage(podSet.owner, c.raw, c.path, report);
    }
    // The Job an Argo analysis runs is code of the release too.
    for (const template of [...model.ofKind('AnalysisTemplate'), ...model.ofKind('ClusterAnalysisTemplate')]) {
      if (!context.requiresImmutableImages(template)) continue;
      objects(template.spec.metrics).forEach((metric, m) => {
        const base = `spec.metrics[${m}].provider.job.spec.template.spec`;
        const pod = get(metric, 'provider', 'job', 'spec', 'template', 'spec');
        for (const list of ['initContainers', 'containers']) {
          objects(get(pod, list)).forEach((container, i) => checkImage(template, container, `${base}.${list}[${i}]`, report));
        }
      });
    }
  },
};

function checkImage(owner: ManifestObject, container: JsonObject, path: string, report: FindingSink): void {
  const image = asString(container.image);
  if (image === undefined) return;
  let reference: ImageReference;
  try {
    reference = ImageReference.parse(image);
  } catch (e) {
    report.add(owner, { field: `${path}.image`, found: image, needed: 'must be a valid image reference', fix: (e as Error).message });
    return;
  }
  const violation = checkImmutableImage(reference, 'staging and production');
  if (!violation) return;
  const mutable = reference.tag === undefined || reference.tag === 'latest';
  report.add(owner, detailFromViolation(violation, `${path}.image`, mutable ? FindingSeverity.ERROR : FindingSeverity.WARNING));
}
