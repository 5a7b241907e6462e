import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { asObject, asString, get, JsonObject, objects } from '../model/json';
import { ManifestModel } from '../model/manifest-model';
import { ManifestObject } from '../model/manifest-object';
import { FindingSink, ManifestRule } from '../rule';

/**
 * ZD015: an Argo Rollout's references hold. Blue/green active and preview Services differ and
 * exist, canary stable and canary Services differ and exist, every analysis template it names
 * exists, its workloadRef exists, and `dynamicStableScale` is not combined with
 * `scaleDownDelaySeconds` (Argo refuses the pair). Anchors: Argo Rollouts
 * `pkg/apis/rollouts/validation/validation.go` (ValidateRolloutStrategyBlueGreen,
 * ValidateRolloutStrategyCanary, "dynamicStableScale and scaleDownDelaySeconds are mutually
 * exclusive"), `kubectl argo rollouts lint`. A reference to an object absent from the manifest set
 * is a warning (it may be installed by other means); an inconsistency is an error.
 */
export const ZD015_ROLLOUT_REFERENCES: ManifestRule = {
  id: ZeroDowntimeRule.ZD015,
  severity: FindingSeverity.ERROR,
  summary: 'An Argo Rollout\'s Services, analysis templates and workloadRef exist and are consistent',
  check(model, _context, report) {
    for (const rollout of model.ofKind('Rollout')) {
      const services = model.rolloutServices(rollout);
      for (const [a, b] of [['activeService', 'previewService'], ['stableService', 'canaryService']]) {
        const first = services.find((s) => s.role === a);
        const second = services.find((s) => s.role === b);
        if (first && second && first.name === second.name) {
          report.add(rollout, { field: second.field, found: second.name, needed: `must differ from ${a} (${first.name})`, fix: `give ${b} a Service of its own` });
        }
      }
      for (const s of services) {
        if (model.find('Service', rollout.namespace, s.name)) continue;
        report.add(rollout, { field: s.field, found: s.name, needed: `must name a Service in namespace ${rollout.namespace}; none is in these manifests`, severity: FindingSeverity.WARNING, fix: `add Service ${s.name}, or correct the name` });
      }
      const ref = asObject(rollout.spec.workloadRef);
      if (ref && !model.targets(rollout, ref, 'Deployment')) {
        report.add(rollout, { field: 'spec.workloadRef', found: `${asString(ref.kind) ?? 'Deployment'}/${asString(ref.name) ?? ''}`, needed: 'must name a workload in the Rollout\'s namespace; none is in these manifests', severity: FindingSeverity.WARNING, fix: 'add the referenced Deployment, or correct workloadRef' });
      }
      const canary = asObject(get(rollout.spec, 'strategy', 'canary'));
      if (canary?.dynamicStableScale === true && canary.scaleDownDelaySeconds !== undefined) {
        report.add(rollout, { field: 'spec.strategy.canary.scaleDownDelaySeconds', found: String(canary.scaleDownDelaySeconds), needed: 'must be unset when dynamicStableScale is true (Argo refuses the pair)', fix: 'remove scaleDownDelaySeconds, or turn dynamicStableScale off' });
      }
      checkTemplates(model, rollout, report);
    }
  },
};

/** Every analysis template a Rollout names: blue/green pre/post-promotion, canary background analysis and steps. */
function checkTemplates(model: ManifestModel, rollout: ManifestObject, report: FindingSink): void {
  const refs: Array<{ field: string; ref: JsonObject }> = [];
  const collect = (analysis: unknown, field: string) => objects(get(analysis, 'templates')).forEach((ref, i) => refs.push({ field: `${field}.templates[${i}]`, ref }));
  collect(get(rollout.spec, 'strategy', 'blueGreen', 'prePromotionAnalysis'), 'spec.strategy.blueGreen.prePromotionAnalysis');
  collect(get(rollout.spec, 'strategy', 'blueGreen', 'postPromotionAnalysis'), 'spec.strategy.blueGreen.postPromotionAnalysis');
  collect(get(rollout.spec, 'strategy', 'canary', 'analysis'), 'spec.strategy.canary.analysis');
  objects(get(rollout.spec, 'strategy', 'canary', 'steps')).forEach((step, i) => collect(step.analysis, `spec.strategy.canary.steps[${i}].analysis`));
  for (const { field, ref } of refs) {
    const name = asString(ref.templateName) ?? '';
    const found = ref.clusterScope === true ? model.find('ClusterAnalysisTemplate', undefined, name) : model.find('AnalysisTemplate', rollout.namespace, name);
    if (found) continue;
    report.add(rollout, {
      field: `${field}.templateName`,
      found: name,
      needed: `must name an ${ref.clusterScope === true ? 'ClusterAnalysisTemplate' : `AnalysisTemplate in namespace ${rollout.namespace}`} in these manifests, or the analysis errors and the rollout aborts`,
      fix: `add the template ${name}, or correct templateName`,
      severity: FindingSeverity.WARNING,
    });
  }
}
