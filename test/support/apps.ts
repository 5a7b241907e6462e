import { KubeObject } from './schema';
import { runValidations } from './synth';
import { ENVIRONMENTS, Environment, SystemChartProps } from '../../apps/environments';
import { buildSystem, System, SYSTEMS } from '../../apps/systems';

/** Every system x environment pair. */
export const COMBINATIONS: Array<[System, Environment]> = SYSTEMS.flatMap((s) => ENVIRONMENTS.map((e): [System, Environment] => [s, e]));

/** The objects of one system in one environment, validated as `cdk8s synth` would. */
export function systemObjects(system: System, environment: Environment, options: Partial<SystemChartProps> = {}): KubeObject[] {
  const app = buildSystem(system, environment, '/nonexistent-never-written', options);
  runValidations(app);
  return app.charts.flatMap((chart) => chart.toJson() as KubeObject[]);
}
