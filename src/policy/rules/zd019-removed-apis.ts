import { ZeroDowntimeRule } from '../../core/rule-id';
import { parseKubernetesVersion } from '../context';
import { FindingSeverity } from '../finding';
import { ManifestRule } from '../rule';

/** apiVersion/kind -> [removed in minor version, replacement]. Kubernetes 1.x only. */
const REMOVED: { readonly [key: string]: readonly [number, string] } = {};
function removed(minor: number, replacement: string, apiVersions: string[], kinds: string[]): void {
  for (const v of apiVersions) for (const k of kinds) (REMOVED as { [key: string]: readonly [number, string] })[`${v}/${k}`] = [minor, replacement];
}
removed(16, 'apps/v1', ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'], ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet']);
removed(16, 'networking.k8s.io/v1', ['extensions/v1beta1'], ['NetworkPolicy']);
removed(16, 'policy/v1beta1', ['extensions/v1beta1'], ['PodSecurityPolicy']);
removed(22, 'networking.k8s.io/v1', ['extensions/v1beta1', 'networking.k8s.io/v1beta1'], ['Ingress']);
removed(22, 'networking.k8s.io/v1', ['networking.k8s.io/v1beta1'], ['IngressClass']);
removed(22, 'apiextensions.k8s.io/v1', ['apiextensions.k8s.io/v1beta1'], ['CustomResourceDefinition']);
removed(22, 'admissionregistration.k8s.io/v1', ['admissionregistration.k8s.io/v1beta1'], ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);
removed(22, 'apiregistration.k8s.io/v1', ['apiregistration.k8s.io/v1beta1'], ['APIService']);
removed(22, 'rbac.authorization.k8s.io/v1', ['rbac.authorization.k8s.io/v1beta1'], ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);
removed(22, 'scheduling.k8s.io/v1', ['scheduling.k8s.io/v1beta1'], ['PriorityClass']);
removed(22, 'storage.k8s.io/v1', ['storage.k8s.io/v1beta1'], ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment']);
removed(22, 'certificates.k8s.io/v1', ['certificates.k8s.io/v1beta1'], ['CertificateSigningRequest']);
removed(22, 'coordination.k8s.io/v1', ['coordination.k8s.io/v1beta1'], ['Lease']);
removed(25, 'batch/v1', ['batch/v1beta1'], ['CronJob']);
removed(25, 'discovery.k8s.io/v1', ['discovery.k8s.io/v1beta1'], ['EndpointSlice']);
removed(25, 'events.k8s.io/v1', ['events.k8s.io/v1beta1'], ['Event']);
removed(25, 'autoscaling/v2', ['autoscaling/v2beta1'], ['HorizontalPodAutoscaler']);
removed(25, 'policy/v1', ['policy/v1beta1'], ['PodDisruptionBudget']);
removed(25, 'Pod Security Admission (no replacement kind)', ['policy/v1beta1'], ['PodSecurityPolicy']);
removed(25, 'node.k8s.io/v1', ['node.k8s.io/v1beta1'], ['RuntimeClass']);
removed(26, 'flowcontrol.apiserver.k8s.io/v1beta3', ['flowcontrol.apiserver.k8s.io/v1beta1'], ['FlowSchema', 'PriorityLevelConfiguration']);
removed(26, 'autoscaling/v2', ['autoscaling/v2beta2'], ['HorizontalPodAutoscaler']);
removed(27, 'storage.k8s.io/v1', ['storage.k8s.io/v1beta1'], ['CSIStorageCapacity']);
removed(29, 'flowcontrol.apiserver.k8s.io/v1', ['flowcontrol.apiserver.k8s.io/v1beta2'], ['FlowSchema', 'PriorityLevelConfiguration']);
removed(32, 'flowcontrol.apiserver.k8s.io/v1', ['flowcontrol.apiserver.k8s.io/v1beta3'], ['FlowSchema', 'PriorityLevelConfiguration']);

/**
 * ZD019: no object uses an API version that the target Kubernetes version (1.27 unless told
 * otherwise) no longer serves: the apply is refused. Anchors: the Kubernetes "Deprecated API
 * Migration Guide" (removals in 1.16, 1.22, 1.25, 1.26, 1.27, 1.29, 1.32), Pluto, kubent.
 */
export const ZD019_REMOVED_APIS: ManifestRule = {
  id: ZeroDowntimeRule.ZD019,
  severity: FindingSeverity.ERROR,
  summary: 'No object uses an API version removed by the target Kubernetes version',
  check(model, context, report) {
    const target = parseKubernetesVersion(context.kubernetesVersion);
    if (!target) return;
    for (const o of model.objects) {
      const entry = REMOVED[`${o.ref.apiVersion}/${o.kind}`];
      if (!entry || (target[0] === 1 && target[1] < entry[0])) continue;
      report.add(o, {
        field: 'apiVersion',
        found: o.ref.apiVersion,
        needed: `was removed in Kubernetes 1.${entry[0]}; the target is ${context.kubernetesVersion}, which refuses it`,
        fix: `use ${entry[1]}`,
      });
    }
  },
};
