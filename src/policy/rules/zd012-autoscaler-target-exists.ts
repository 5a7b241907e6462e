import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { asObject, asString } from '../model/json';
import { ManifestModel } from '../model/manifest-model';
import { ManifestRule } from '../rule';

const TARGETS: ReadonlyArray<readonly [kind: string, field: string, defaultKind: string]> = [
  ['HorizontalPodAutoscaler', 'scaleTargetRef', 'Deployment'],
  ['ScaledObject', 'scaleTargetRef', 'Deployment'],
  ['VerticalPodAutoscaler', 'targetRef', 'Deployment'],
];

/**
 * ZD012: an autoscaler's target is in the same manifests and the same namespace (an HPA
 * cannot reach another namespace; a missing target leaves it with nothing to scale, and a
 * typo goes unnoticed). Anchors: kube-score `horizontalpodautoscaler-has-target`, kube-linter
 * `hpa-target` style checks.
 */
export const ZD012_AUTOSCALER_TARGET_EXISTS: ManifestRule = {
  id: ZeroDowntimeRule.ZD012,
  severity: FindingSeverity.ERROR,
  summary: 'An autoscaler\'s target exists in the autoscaler\'s namespace',
  check(model, _context, report) {
    for (const [kind, field, defaultKind] of TARGETS) {
      for (const scaler of model.ofKind(kind)) {
        const ref = asObject(scaler.spec[field]);
        const targetKind = asString(ref?.kind) ?? defaultKind;
        const name = asString(ref?.name) ?? '';
        const target = model.targets(scaler, ref, defaultKind);
        if (target && ManifestModel.isScalable(target.kind)) continue;
        report.add(scaler, {
          field: `spec.${field}`,
          found: `${targetKind}/${name}`,
          needed: `must name a scalable workload in namespace ${scaler.namespace}; none is in these manifests`,
          fix: 'point the autoscaler at the workload\'s kind and name, in the workload\'s namespace',
        });
      }
    }
  },
};
