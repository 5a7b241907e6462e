import { ZeroDowntimeRule } from '../../core/rule-id';
import { HOTFIX_ANNOTATION } from '../../core/well-known-keys';
import { FindingSeverity } from '../finding';
import { asString } from '../model/json';
import { ManifestObject } from '../model/manifest-object';
import { ManifestRule } from '../rule';

/**
 * ZD023: every image a production workload runs is one the staging manifests run (given as
 * `--staged-in`, or `stagedIn` to the engine): "deploy to staging first". Images the
 * production set already ran before the change (`cdk8s-zd diff`'s base, or `previous`) are
 * not new and pass: staging moves on before production does. An image may skip
 * staging only as a declared hotfix, one `<image>: <reason>` line in the workload's
 * `zero-downtime.cdk8s.io/hotfix` annotation; the report then says so as a notice, so the
 * exception is seen in every review, and it lapses by itself when the image changes (a
 * declaration naming an image the workload no longer runs is a warning). Without a staging
 * set the rule has nothing to compare and says nothing. Anchors: the promotion gates of Argo
 * CD Image Updater, Kargo and Spinnaker (an artifact reaches production only from the stage
 * before it).
 */
export const ZD023_STAGED_IMAGES: ManifestRule = {
  id: ZeroDowntimeRule.ZD023,
  severity: FindingSeverity.ERROR,
  summary: 'Every production image is one the staging manifests run (or a declared hotfix)',
  check(model, context, report) {
    const staged = context.stagedImages;
    if (!staged) return;
    for (const podSet of model.podSets) {
      // An idle colour scaled to 0 runs nothing.
      if (!context.isProduction(podSet.owner) || podSet.owner.spec.replicas === 0) continue;
      const hotfixes = hotfixesOf(podSet.owner);
      const images = new Set<string>();
      for (const c of podSet.containers(true)) {
        const image = asString(c.raw.image);
        if (image === undefined) continue;
        images.add(image);
        if (staged.has(image)) continue;
        const reason = hotfixes.get(image);
        if (reason !== undefined && reason !== '') {
          report.add(podSet.owner, {
            field: `${c.path}.image`,
            found: `${image}, a declared hotfix: ${reason}`,
            needed: 'runs in production before staging; run it in staging next',
            fix: 'release the same image to staging, then remove the hotfix line',
            severity: FindingSeverity.NOTICE,
          });
          continue;
        }
        report.add(podSet.owner, {
          field: `${c.path}.image`,
          found: `${image}, which no staging manifest runs`,
          needed: 'must be an image staging runs: deploy to staging first',
          fix: `release ${image} to staging first, or declare a hotfix: annotate ${podSet.owner.display} with ${HOTFIX_ANNOTATION}: "${image}: <reason>"`,
        });
      }
      for (const [image, reason] of hotfixes) {
        if (reason === '') {
          report.add(podSet.owner, {
            field: `metadata.annotations["${HOTFIX_ANNOTATION}"]`,
            found: image,
            needed: 'must give a reason after the image',
            fix: `write "${image}: <incident or ticket and why it cannot wait for staging>"`,
          });
        } else if (!images.has(image)) {
          report.add(podSet.owner, {
            field: `metadata.annotations["${HOTFIX_ANNOTATION}"]`,
            found: `${image}, which the workload no longer runs`,
            needed: 'names no image of the workload: the exception has lapsed',
            fix: 'remove the line',
            severity: FindingSeverity.WARNING,
          });
        }
      }
    }
  },
};

/** The hotfix declarations of a workload: image to reason ('' when none was given). */
export function hotfixesOf(object: ManifestObject): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of (object.annotations[HOTFIX_ANNOTATION] ?? '').split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    // An image holds ':' before its tag, so the reason starts at the first ': '.
    const at = trimmed.indexOf(': ');
    out.set(at < 0 ? trimmed.replace(/:$/, '') : trimmed.slice(0, at), at < 0 ? '' : trimmed.slice(at + 2).trim());
  }
  return out;
}
