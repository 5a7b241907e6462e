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

/**
 * The objects of one system in one environment per chart: each chart is one file, which
 * `kubectl apply -f <dir>` applies in one pass (files in name order).
 */
export function systemChartObjects(system: System, environment: Environment): KubeObject[][] {
  const app = buildSystem(system, environment, '/nonexistent-never-written');
  runValidations(app);
  return app.charts.map((chart) => chart.toJson() as KubeObject[]);
}

/** Deployments and Argo Rollouts: everything that runs the app's pods. */
export function workloads(objects: readonly KubeObject[]): any[] {
  return objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Rollout');
}

/** Workloads that run pods (an idle blue/green colour has 0 replicas). */
export function runningWorkloads(objects: readonly KubeObject[]): any[] {
  return workloads(objects).filter((w) => w.spec.replicas !== 0);
}
