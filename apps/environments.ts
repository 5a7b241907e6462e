/** The environments every reference system is synthesized for. */
export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;

/** One of the reference environments. */
export type Environment = typeof ENVIRONMENTS[number];

/** Per-environment values, Helm-values style but typed (seed 001). */
export type PerEnvironment<T> = { readonly [E in Environment]: T };

/** Props every reference-system chart takes. */
export interface SystemChartProps {
  readonly environment: Environment;
  /** Where the system's .env layers live (tests point this at a modified copy). */
  readonly configDirectory?: string;
  /** Where the system's release files live (tests point this at a copy the command rewrites). */
  readonly releaseDirectory?: string;
}

/**
 * The apps folder. `cdk8s synth` and the tests run from the repository root; the synth bundle
 * lives in .build/, so `__dirname` would point there instead.
 */
export const APPS_DIR = 'apps';

/**
 * The release file of a system in an environment (see `cdk8s-zd`): `<environment>.json` for the
 * system's main workload, `<environment>.<workload>.json` for another one.
 */
export function releaseFile(system: string, props: SystemChartProps, workload?: string): string {
  return `${props.releaseDirectory ?? `${APPS_DIR}/${system}/release`}/${props.environment}${workload ? `.${workload}` : ''}.json`;
}
