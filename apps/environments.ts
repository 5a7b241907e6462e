/** The environments every reference system is synthesized for. */
export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;

/** One of the reference environments. */
export type Environment = typeof ENVIRONMENTS[number];

/** Per-environment values, Helm-values style but typed (seed 001). */
export type PerEnvironment<T> = { readonly [E in Environment]: T };

/** Props every reference-system chart takes. */
export interface SystemChartProps {
  readonly environment: Environment;
}
