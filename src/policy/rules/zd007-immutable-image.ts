import { ImageReference } from '../../core/image-reference';
import { ZeroDowntimeRule } from '../../core/rule-id';
import { Violation } from '../../core/violation';
import { FindingSeverity } from '../finding';
import { asString } from '../model/json';
import { detailFromViolation, ManifestRule } from '../rule';

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
 * included) carries a `<semver>-<gitsha>` tag or a digest. `latest` or no tag is an error;
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
      for (const c of podSet.containers(true)) {
        const image = asString(c.raw.image);
        if (image === undefined) continue;
        let reference: ImageReference;
        try {
          reference = ImageReference.parse(image);
        } catch (e) {
          report.add(podSet.owner, { field: `${c.path}.image`, found: image, needed: 'must be a valid image reference', fix: (e as Error).message });
          continue;
        }
        const violation = checkImmutableImage(reference, 'staging and production');
        if (!violation) continue;
        const mutable = reference.tag === undefined || reference.tag === 'latest';
        report.add(podSet.owner, detailFromViolation(violation, `${c.path}.image`, mutable ? FindingSeverity.ERROR : FindingSeverity.WARNING));
      }
    }
  },
};
