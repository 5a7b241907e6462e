import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { asObject, asString, get, objects } from '../model/json';
import { ManifestRule } from '../rule';

const HASHED_NAME = /-[0-9a-f]{6,}$|-[bcdfghjklmnpqrstvwxz2456789]{10}$/;
const CHECKSUM = /checksum|config-hash|confighash|config\.hash/i;

/**
 * ZD008: pods roll when their configuration changes. A ConfigMap of the same manifests that
 * pods read (env, envFrom, a volume) is content-named (a hash suffix, as ConfigLayers and
 * kustomize's configMapGenerator make), immutable, or covered by a checksum annotation on
 * the pod template; else a change to it never reaches running pods, or reaches them one
 * restart at a time. Anchors: Helm's "Automatically Roll Deployments" (checksum/config),
 * kustomize configMapGenerator name suffix hashes.
 */
export const ZD008_CONFIG_ROLLS_PODS: ManifestRule = {
  id: ZeroDowntimeRule.ZD008,
  severity: FindingSeverity.WARNING,
  summary: 'Pods roll when their ConfigMaps change (content-hashed name, immutable, or checksum annotation)',
  check(model, _context, report) {
    for (const podSet of model.podSets) {
      if (!podSet.longRunning) continue;
      if (Object.keys(podSet.podAnnotations).some((k) => CHECKSUM.test(k))) continue;
      for (const name of configMapsRead(podSet.podSpec)) {
        const cm = model.find('ConfigMap', podSet.owner.namespace, name);
        if (!cm || cm.raw.immutable === true || HASHED_NAME.test(name)) continue;
        report.add(podSet.owner, {
          field: `${podSet.templatePath}.spec`,
          found: `reads ConfigMap ${name}, which is neither content-named nor immutable, and the template has no checksum annotation`,
          needed: 'must roll its pods when the ConfigMap changes',
          fix: 'name the ConfigMap after a hash of its content (ConfigLayers does), or add a checksum/config annotation to the pod template',
        });
      }
    }
  },
};

/** The names of the ConfigMaps a pod spec reads. */
function configMapsRead(podSpec: object): string[] {
  const names = new Set<string>();
  for (const c of [...objects(get(podSpec, 'containers')), ...objects(get(podSpec, 'initContainers'))]) {
    for (const e of objects(c.envFrom)) { const n = asString(get(e, 'configMapRef', 'name')); if (n) names.add(n); }
    for (const e of objects(c.env)) { const n = asString(get(e, 'valueFrom', 'configMapKeyRef', 'name')); if (n) names.add(n); }
  }
  for (const v of objects(get(podSpec, 'volumes'))) {
    const n = asString(get(v, 'configMap', 'name'));
    if (n) names.add(n);
    for (const s of objects(get(v, 'projected', 'sources'))) { const p = asString(get(asObject(s.configMap), 'name')); if (p) names.add(p); }
  }
  return [...names].sort();
}
