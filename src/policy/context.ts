import { ManifestModel } from './model/manifest-model';
import { ManifestObject } from './model/manifest-object';
import { RuleContext } from './rule';
import { ENVIRONMENT_LABEL } from '../core/well-known-keys';

/** The Kubernetes version rules check against unless told otherwise. */
export const DEFAULT_KUBERNETES_VERSION = '1.27';

const PRODUCTION = new Set(['production', 'prod']);
const IMMUTABLE = new Set(['production', 'prod', 'staging', 'stage']);
const DEVELOPMENT = new Set(['development', 'dev']);

/**
 * How strict an environment's rules are, lower is stricter: production, then staging, then
 * any other named environment, then none. Where several environments meet (constructs of
 * several profiles in one chart), the strictest decides.
 */
export function environmentStrictness(environment: string | undefined): number {
  if (environment === undefined) return 3;
  const name = environment.toLowerCase();
  return PRODUCTION.has(name) ? 0 : IMMUTABLE.has(name) ? 1 : 2;
}

/**
 * Builds the rule context: an object's environment is the one given (`--environment`, or the
 * profile of the constructs in a chart), else the `zero-downtime.cdk8s.io/environment` label on
 * the object, else that label on its Namespace in the same manifest set.
 */
export function ruleContext(
  model: ManifestModel, environment: string | undefined, kubernetesVersion: string, stagedImages?: ReadonlySet<string>,
): RuleContext {
  const environmentOf = (o: ManifestObject): string | undefined => {
    if (environment) return environment.toLowerCase();
    const own = o.labels[ENVIRONMENT_LABEL];
    if (own) return own.toLowerCase();
    return model.namespaceObject(o.namespace)?.labels[ENVIRONMENT_LABEL]?.toLowerCase();
  };
  return {
    kubernetesVersion,
    isProduction: (o) => PRODUCTION.has(environmentOf(o) ?? ''),
    requiresImmutableImages: (o) => IMMUTABLE.has(environmentOf(o) ?? ''),
    isDevelopment: (o) => DEVELOPMENT.has(environmentOf(o) ?? ''),
    stagedImages,
  };
}

/** `1.27` -> [1, 27]; undefined for anything else. */
export function parseKubernetesVersion(version: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}
