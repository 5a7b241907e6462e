import { App, Chart, YamlOutputType } from 'cdk8s';
import { ConfigLayers } from '../src';
import { ChaosWorldGatewayChart } from './chaos-world-gateway/chart';
import { EngineOpsChart } from './engine-ops/chart';
import { ENVIRONMENTS, Environment, SystemChartProps } from './environments';
import { GraphicsWorldChart } from './graphics-world/chart';
import { MassiveChatChart } from './massive-chat/chart';
import { MeetinityGatewayChart } from './meetinity-gateway/chart';

type ChartClass = new (app: App, id: string, props: SystemChartProps) => Chart;

/** The reference systems, by the folder name their manifests are written to. */
export const SYSTEM_CHARTS = {
  'meetinity-gateway': MeetinityGatewayChart,
  'engine-ops': EngineOpsChart,
  'massive-chat': MassiveChatChart,
  'graphics-world': GraphicsWorldChart,
  'chaos-world-gateway': ChaosWorldGatewayChart,
} satisfies { [system: string]: ChartClass };

/** A reference system's name. */
export type System = keyof typeof SYSTEM_CHARTS;

/** Every reference system's name. */
export const SYSTEMS = Object.keys(SYSTEM_CHARTS) as System[];

/**
 * Builds the app of one system in one environment. Its manifests go to
 * `<outdir>/<system>/<environment>/`, one file per chart.
 */
export function buildSystem(system: System, environment: Environment, outdir: string, options: Partial<SystemChartProps> = {}): App {
  const app = new App({ outdir: `${outdir}/${system}/${environment}`, outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new SYSTEM_CHARTS[system](app, system, { ...options, environment });
  return app;
}

/** Synthesizes one app: its manifests and, beside them, each ConfigLayers' redacted snapshot. */
export function synthesize(app: App): void {
  app.synth();
  ConfigLayers.writeSnapshots(app);
}

/** Synthesizes every system in every environment. */
export function synthesizeAll(outdir: string): void {
  for (const system of SYSTEMS) {
    for (const environment of ENVIRONMENTS) synthesize(buildSystem(system, environment, outdir));
  }
}
