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
 * ZD012: an autoscaler's target is a scalable workload in the same namespace (an HPA cannot
 * reach another namespace; a missing target leaves it with nothing to scale, and a typo goes
 * unnoticed). A target absent from the manifest set is a warning (it may come from elsewhere);
 * a target of the wrong kind is an error. Anchors: kube-score
 * `horizontalpodautoscaler-has-target`.
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
          needed: target
            ? `must name a scalable workload (Deployment, StatefulSet, ReplicaSet, Rollout), not a ${target.kind}`
            : `must name a workload in namespace ${scaler.namespace}; none is in these manifests, so it must exist in the cluster`,
          fix: 'point the autoscaler at the workload\'s kind and name, in the workload\'s namespace',
          // Absent from the set may still be right (the workload comes from another tool); a wrong kind never is.
          severity: target ? FindingSeverity.ERROR : FindingSeverity.WARNING,
        });
      }
    }
  },
};
