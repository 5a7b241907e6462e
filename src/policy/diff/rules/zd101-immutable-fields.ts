import { quantityValue } from '../../../core/quantity';
import { ZeroDowntimeRule } from '../../../core/rule-id';
import { FindingSeverity } from '../../finding';
import { asObject, asString, get } from '../../model/json';
import { ChangeRule, shown } from '../change-rule';
import { ChangeKind } from '../change-set';

/** Kinds whose `spec.selector` the API server never lets change. */
const SELECTOR_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Rollout', 'Job']);

/** The StatefulSet spec fields an update may change (ValidateStatefulSetUpdate, 1.27). */
const STATEFULSET_MUTABLE = new Set(['replicas', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'ordinals', 'revisionHistoryLimit']);

const RECREATE = 'delete the object and apply again (a short outage), or create it under a new name and move traffic to it';

/**
 * ZD101: the API server refuses the change: an immutable field changed. Anchors: Kubernetes
 * `ValidateDeploymentUpdate`, `ValidateReplicaSetUpdate`, `ValidateDaemonSetUpdate`,
 * `ValidateStatefulSetUpdate` (only replicas, template, updateStrategy, PVC retention,
 * minReadySeconds, ordinals), `ValidateJobUpdate` (selector and template), Argo Rollouts'
 * selector, `ValidatePersistentVolumeClaimUpdate` (only the storage request, never smaller,
 * and only for a Bound claim: a larger request is an error unless the claim's StorageClass in
 * the manifests has `allowVolumeExpansion: true`, then a warning that the claim must be Bound;
 * the cluster tests found a Pending claim refuses it),
 * `ValidateServiceUpdate` (clusterIP, clusterIPs), `ValidateConfigMapUpdate` /
 * `ValidateSecretUpdate` (immutable data, the flag, Secret type), `ValidateRoleBindingUpdate`
 * (roleRef).
 */
export const ZD101_IMMUTABLE_FIELDS: ChangeRule = {
  id: ZeroDowntimeRule.ZD101,
  severity: FindingSeverity.ERROR,
  summary: 'No change of a field the API server keeps immutable',
  check(change, _context, report) {
    for (const c of change.changes) {
      if (c.kind !== ChangeKind.CHANGED || !c.base || !c.head) continue;
      const base = c.base;
      const head = c.head;
      const refuse = (field: string, before: unknown, after: unknown, needed: string, fix = RECREATE) =>
        report.add(head, { field, found: `${shown(before)} -> ${shown(after)}`, needed: `must not change: ${needed}`, fix });
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      const kind = head.kind;
      if (SELECTOR_KINDS.has(kind) && !same(base.spec.selector, head.spec.selector)) {
        refuse('spec.selector', base.spec.selector, head.spec.selector, `the API server refuses a new selector for a ${kind}`);
      }
      if (kind === 'StatefulSet') {
        for (const field of new Set([...Object.keys(base.spec), ...Object.keys(head.spec)])) {
          if (field === 'selector' || STATEFULSET_MUTABLE.has(field) || same(base.spec[field], head.spec[field])) continue;
          refuse(`spec.${field}`, base.spec[field], head.spec[field], 'a StatefulSet update may change only replicas, template, updateStrategy, persistentVolumeClaimRetentionPolicy, minReadySeconds and ordinals');
        }
      }
      if (kind === 'Job' && !same(base.spec.template, head.spec.template)) {
        refuse('spec.template', '(the Job\'s pod template)', '(a different one)', 'a Job\'s pod template is immutable', 'give the new Job a new name (MigrationJob names each run by its image)');
      }
      if (kind === 'PersistentVolumeClaim') {
        const { resources: baseResources, ...baseRest } = base.spec;
        const { resources: headResources, ...headRest } = head.spec;
        for (const field of new Set([...Object.keys(baseRest), ...Object.keys(headRest)])) {
          if (!same(baseRest[field], headRest[field])) refuse(`spec.${field}`, baseRest[field], headRest[field], 'a PersistentVolumeClaim may change only its storage request');
        }
        const before = get(baseResources, 'requests', 'storage');
        const after = get(headResources, 'requests', 'storage');
        const [was, is] = [quantityValue(String(before)), quantityValue(String(after))];
        if (was !== undefined && is !== undefined && is < was) {
          refuse('spec.resources.requests.storage', before, after, 'a volume never shrinks', 'keep the larger request, or move the data to a new claim');
        } else if (was !== undefined && is !== undefined && is > was) {
          // The API server takes a larger request only for a Bound claim (a Pending one is
          // immutable), and its resize admission only when the StorageClass allows expansion.
          const className = asString(head.spec.storageClassName);
          const storageClass = className === undefined ? undefined : change.head.find('StorageClass', undefined, className);
          const expandable = storageClass?.raw.allowVolumeExpansion === true;
          report.add(head, {
            field: 'spec.resources.requests.storage',
            found: `${shown(before)} -> ${shown(after)}`,
            needed: expandable
              ? `grows the volume only once the claim is Bound (StorageClass ${className} allows expansion): the API server refuses it for a Pending claim`
              : `must not change unless the claim is Bound and its StorageClass${className ? ` ${className}` : ''} has allowVolumeExpansion: true${storageClass ? ' (it has not)' : ' (not in these manifests)'}: the API server refuses it otherwise`,
            fix: expandable
              ? 'apply it once kubectl get pvc shows the claim Bound'
              : 'check kubectl get storageclass (allowVolumeExpansion) and that the claim is Bound, then suppress ZD101 on the claim with that reason; or move the data to a new, larger claim',
            severity: expandable ? FindingSeverity.WARNING : undefined,
          });
        }
      }
      if (kind === 'Service') {
        for (const field of ['clusterIP', 'clusterIPs']) {
          const before = base.spec[field];
          const after = head.spec[field];
          // Unset in head keeps the allocated address; a new value (None <-> an address) does not.
          if (after !== undefined && before !== undefined && !same(before, after)) {
            refuse(`spec.${field}`, before, after, 'a Service keeps its cluster IP (a headless Service cannot become a ClusterIP one, or back)', 'create a Service under a new name, move clients to it, then remove the old one');
          } else if (after !== undefined && before === undefined && after === 'None') {
            refuse(`spec.${field}`, before, after, 'a ClusterIP Service cannot become headless', 'create the headless Service under a new name (<name>-headless)');
          } else if (after === undefined && before === 'None') {
            refuse(`spec.${field}`, before, after, 'a headless Service cannot become a ClusterIP one', 'keep clusterIP: None, or create the ClusterIP Service under a new name');
          }
        }
      }
      if ((kind === 'ConfigMap' || kind === 'Secret') && base.raw.immutable === true) {
        if (head.raw.immutable !== true) refuse('immutable', true, head.raw.immutable, `an immutable ${kind} stays immutable`, 'create it under a new name (ConfigLayers names each version by its hash)');
        for (const field of ['data', 'binaryData', 'stringData']) {
          if (!same(base.raw[field], head.raw[field])) refuse(field, '(the data)', '(different data)', `the data of an immutable ${kind} never changes`, 'create it under a new name (ConfigLayers names each version by its hash)');
        }
      }
      if (kind === 'Secret' && !same(base.raw.type ?? 'Opaque', head.raw.type ?? 'Opaque')) {
        refuse('type', base.raw.type ?? 'Opaque', head.raw.type ?? 'Opaque', 'a Secret keeps its type');
      }
      if ((kind === 'RoleBinding' || kind === 'ClusterRoleBinding') && !same(asObject(base.raw.roleRef), asObject(head.raw.roleRef))) {
        refuse('roleRef', base.raw.roleRef, head.raw.roleRef, 'a binding keeps its role', 'create a binding under a new name, then remove the old one');
      }
    }
  },
};
