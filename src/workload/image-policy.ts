import { IConstruct } from 'constructs';
import { ImageReference } from '../core/image-reference';
import { fail } from '../core/violation';
import { checkImmutableImage } from '../policy/rules/zd007-immutable-image';
import { EnvironmentProfile, ImageTagPolicy } from '../profile/environment-profile';

/**
 * Parses an image reference and applies the profile's tag policy (ZD007): one rule for every
 * image a release runs, workloads and migrations alike. Errors name `scope`.
 */
export function imageForProfile(scope: IConstruct, image: string, profile: EnvironmentProfile): ImageReference {
  let reference: ImageReference;
  try {
    reference = ImageReference.parse(image);
  } catch (e) {
    return fail(scope, { prop: 'image', found: image, needed: 'must be a valid image reference', fix: (e as Error).message });
  }
  if (profile.imageTagPolicy === ImageTagPolicy.IMMUTABLE) {
    const violation = checkImmutableImage(reference, profile.name);
    if (violation) fail(scope, violation);
  }
  return reference;
}
