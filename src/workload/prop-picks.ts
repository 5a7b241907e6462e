import { PodBlueprintProps, WorkloadPodProps } from './pod-props';
import { RolloutSettings } from './scalable-deployment';

/*
 * The props a construct hands to its parts, picked by name instead of spreading its whole
 * prop bag into each child: a child sees only what it reads, and a prop added to a construct
 * does not leak into every object it builds. The key lists are checked against the interfaces
 * at compile time: a prop missing from a list fails the build.
 */
const POD_KEYS = [
  'name',
  'profile',
  'instance',
  'partOf',
  'component',
  'podLabels',
  'appVersionLabels',
  'releaseVersion',
  'port',
  'portName',
  'command',
  'args',
  'readinessPath',
  'livenessPath',
  'startupPath',
  'startupTimeout',
  'readiness',
  'liveness',
  'preStopDelay',
  'preStopCommand',
  'drainTimeout',
  'terminationGracePeriod',
  'resources',
  'spread',
  'config',
  'env',
  'secretEnv',
  'scrape',
  'metricsPort',
  'metricsPath',
  'runAsUser',
  'runAsGroup',
  'tmpSize',
  'nodeSelector',
  'tolerations',
  'priorityClassName',
  'imagePullPolicy',
] as const;
const ROLLOUT_KEYS = [
  'maxSurge',
  'maxUnavailable',
  'minReady',
  'progressDeadline',
  'revisionHistoryLimit',
  'disruptionBudget',
  'disruptionBudgetMaxUnavailable',
] as const;

type Exhaustive<T, K extends readonly PropertyKey[]> = Exclude<keyof T, K[number]> extends never ? true : never;
const podKeysComplete: Exhaustive<WorkloadPodProps, typeof POD_KEYS> = true;
const rolloutKeysComplete: Exhaustive<RolloutSettings, typeof ROLLOUT_KEYS> = true;
void podKeysComplete;
void rolloutKeysComplete;

function pick<T extends object>(props: T, keys: readonly string[]): T {
  const out: { [key: string]: unknown } = {};
  for (const key of keys) {
    const value = (props as { [key: string]: unknown })[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

/** The pod props of a construct's props, with the image its blueprint starts from. */
export function podBlueprintProps(props: WorkloadPodProps, image: string): PodBlueprintProps {
  return { ...pick<WorkloadPodProps>(props, POD_KEYS), image };
}

/** The rolling-update and disruption settings of a construct's props. */
export function rolloutSettingsOf(props: RolloutSettings): RolloutSettings {
  return pick<RolloutSettings>(props, ROLLOUT_KEYS);
}
