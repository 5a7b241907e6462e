import { asString, get, objects } from '../model/json';
import { PodSet } from '../model/pod-set';

/**
 * The ConfigMaps and Secrets a pod set's pods read: volumes, projected sources, `envFrom` and
 * `env` references of every container (init containers too). Optional references count: a
 * pod that restarts without them comes up without its configuration.
 */
export function referencedConfig(podSet: PodSet): { configMaps: Set<string>; secrets: Set<string> } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  const add = (set: Set<string>, value: unknown) => {
    const name = asString(value);
    if (name) set.add(name);
  };
  for (const volume of objects(podSet.podSpec.volumes)) {
    add(configMaps, get(volume, 'configMap', 'name'));
    add(secrets, get(volume, 'secret', 'secretName'));
    for (const source of objects(get(volume, 'projected', 'sources'))) {
      add(configMaps, get(source, 'configMap', 'name'));
      add(secrets, get(source, 'secret', 'name'));
    }
  }
  for (const container of podSet.containers(true)) {
    for (const e of objects(container.raw.envFrom)) {
      add(configMaps, get(e, 'configMapRef', 'name'));
      add(secrets, get(e, 'secretRef', 'name'));
    }
    for (const e of objects(container.raw.env)) {
      add(configMaps, get(e, 'valueFrom', 'configMapKeyRef', 'name'));
      add(secrets, get(e, 'valueFrom', 'secretKeyRef', 'name'));
    }
  }
  return { configMaps, secrets };
}
