import { ZeroDowntimeRule } from '../../core/rule-id';
import { CDK8S_ADDRESS_LABEL } from '../../core/well-known-keys';
import { FindingSeverity } from '../finding';
import { get } from '../model/json';
import { LabelSelector } from '../model/label-selector';
import { ManifestRule } from '../rule';

const ADDR = CDK8S_ADDRESS_LABEL;

/**
 * ZD017: no selector is built on `cdk8s.io/metadata.addr`, cdk8s-plus's default: the address
 * is a hash of the construct path, so renaming a construct id changes an immutable workload
 * selector and `kubectl apply` refuses the change. Anchors: cdk8s-plus `Deployment` default
 * selector (`select: true`), Kubernetes `ValidateDeploymentUpdate` (selector is immutable).
 */
export const ZD017_STABLE_SELECTORS: ManifestRule = {
  id: ZeroDowntimeRule.ZD017,
  severity: FindingSeverity.ERROR,
  summary: 'No selector is built on cdk8s.io/metadata.addr',
  check(model, _context, report) {
    for (const podSet of model.podSets) {
      if (podSet.selector?.keys.includes(ADDR)) {
        const field = podSet.owner.kind === 'CronJob' ? 'spec.jobTemplate.spec.selector' : 'spec.selector';
        report.add(podSet.owner, stable(field, podSet.selector.toString()));
      }
    }
    for (const service of model.ofKind('Service')) {
      const selector = LabelSelector.fromMap(service.spec.selector);
      if (selector?.keys.includes(ADDR)) report.add(service, stable('spec.selector', selector.toString()));
    }
    for (const budget of model.ofKind('PodDisruptionBudget')) {
      const selector = LabelSelector.fromSelector(get(budget.spec, 'selector'));
      if (selector?.keys.includes(ADDR)) report.add(budget, stable('spec.selector', selector.toString()));
    }
  },
};

function stable(field: string, found: string) {
  return {
    field,
    found,
    needed: `must not use ${ADDR}: it changes when a construct id is renamed, and a workload selector is immutable`,
    fix: 'select on app.kubernetes.io/name and app.kubernetes.io/instance (GatewayDeployment does), or pass select: false and your own labels to cdk8s-plus',
  };
}
