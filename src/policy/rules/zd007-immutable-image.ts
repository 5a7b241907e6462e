import { ImageReference } from '../../workload/image-reference';
import { ZeroDowntimeRule } from '../rule';
import { Violation } from '../violation';

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
