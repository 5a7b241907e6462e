import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { environmentStrictness } from './context';
import { CheckOptions, checkManifests } from './engine';
import { describeObject, Finding, FindingSeverity } from './finding';
import { ManifestInput } from './model/manifest-model';
import { formatSuppression, parseSuppressions } from './suppressions';
import { ApplyOrder } from '../core/apply-order';
import { checkValue } from '../core/checks';
import { dns1123LabelProblem } from '../core/k8s-names';
import { apiObjectKey, renderedObjectKey } from '../core/object-key';
import { ZeroDowntimeRule } from '../core/rule-id';
import { SUPPRESS_ANNOTATION } from '../core/well-known-keys';

/** Options of a chart's rule stage. */
export interface RolloutChecksOptions {
  /**
   * The environment the chart's objects are bound for (`production` turns on the production
   * rules, `staging` and `production` the image rules). When constructs of several profiles
   * share a chart, the strictest wins.
   * @default - each object's `zero-downtime.cdk8s.io/environment` label, or its Namespace's
   */
  readonly environment?: string;
  /**
   * The Kubernetes version the manifests are applied to.
   * @default '1.27'
   */
  readonly kubernetesVersion?: string;
}

/**
 * The context key that turns the synth stage off for an app (`app.node.setContext(RULES_CONTEXT,
 * 'off')`, or `--context` in a cdk8s.json), for a pipeline that runs the rules through the
 * validation plugin or `cdk8s-zd check` instead. Constructors still refuse bad props.
 */
export const RULES_CONTEXT = 'cdk8s-zero-downtime:rules';

const STAGES = new WeakMap<Chart, RolloutChecks>();
const reported = new Set<string>();

/**
 * The zero-downtime rules as a stage of a chart's synthesis: when the chart is validated
 * (`cdk8s synth`, `app.synth()`, `Testing.synth()`), every rule runs over the rendered objects
 * of the whole app (so a Service in one chart and its Deployment in another are related) and
 * reports what it finds on this chart's objects. What a JsonPatch or a raw ApiObject changed is
 * checked too. Every error
 * finding is reported together, as `<construct path> (<Kind>/<name>): ZDxxx ...`; warnings and
 * notices are written once to stderr. Every construct of this library opts its chart in; a
 * chart of your own objects opts in with `RolloutChecks.of(chart)`.
 */
export class RolloutChecks {
  /**
   * The rule stage of the chart a construct belongs to, created (and the chart's apply order
   * with it) on first use.
   */
  public static of(scope: IConstruct, options: RolloutChecksOptions = {}): RolloutChecks {
    const chart = Chart.of(scope);
    let stage = STAGES.get(chart);
    if (!stage) {
      stage = new RolloutChecks(chart);
      STAGES.set(chart, stage);
    }
    stage.configure(options);
    return stage;
  }

  /**
   * Suppresses one rule on one object, with the reason a report prints. Writes the
   * `zero-downtime.cdk8s.io/suppress` annotation (appending to one already there).
   */
  public static suppress(obj: ApiObject, rule: ZeroDowntimeRule, reason: string): void {
    if (reason.trim() === '') {
      throw new Error(`${obj.node.path}: 'reason' (empty) must say why ${obj.kind}/${obj.name} is an exception to ${rule}; pass RolloutChecks.suppress(obj, ${rule}, '<why>')`);
    }
    const existing: string | undefined = obj.metadata.toJson().annotations?.[SUPPRESS_ANNOTATION];
    const entries = existing ? parseSuppressions(existing).filter((s) => s.rule !== rule).map((s) => formatSuppression(s.rule, s.reason)) : [];
    obj.metadata.addAnnotation(SUPPRESS_ANNOTATION, [...entries, formatSuppression(rule, reason.trim())].join('\n'));
  }

  private environment?: string;
  private kubernetesVersion?: string;

  private constructor(private readonly chart: Chart) {
    // Every object of the chart lands in its namespace: a name the API server refuses fails here.
    const namespace = chart.namespace;
    if (namespace !== undefined) {
      checkValue(chart, 'namespace', namespace, dns1123LabelProblem(namespace), 'name the chart\'s namespace with lowercase letters, digits and \'-\', such as shop');
    }
    ApplyOrder.of(chart);
    chart.node.addValidation({ validate: () => this.validate() });
    const root = chart.node.root;
    if (root instanceof App) renderOnce(root);
  }

  /**
   * Runs the rules over the chart's rendered objects now and returns every finding, suppressed
   * ones included.
   */
  public findings(): Finding[] {
    return this.own(checkManifests(this.render(), this._options()).findings);
  }

  /**
   * The options the rules run with for this chart.
   * @internal
   */
  public _options(): CheckOptions {
    return { environment: this.environment, kubernetesVersion: this.kubernetesVersion };
  }

  /**
   * Whether the stage runs for this chart (the context value can turn it off).
   * @internal
   */
  public get _active(): boolean {
    return this.chart.node.tryGetContext(RULES_CONTEXT) !== 'off';
  }

  /**
   * The error lines among the findings on this chart's objects; warnings and notices go to
   * stderr, once each.
   * @internal
   */
  public _errorLines(appFindings: readonly Finding[]): string[] {
    const errors: string[] = [];
    for (const f of this.own(appFindings)) {
      if (f.suppressed !== undefined) continue;
      const line = `${f.source ?? describeObject(f.resource)} (${f.resource.kind}/${f.resource.name}): ${f.rule} ${f.message}; ${f.fix}`;
      if (f.severity === FindingSeverity.ERROR) {
        errors.push(line);
      } else if (!reported.has(line)) {
        // Warnings do not fail a synth; say each once per process, on stderr, never in the manifests.
        reported.add(line);
        process.stderr.write(`${f.severity}: ${line}\n`);
      }
    }
    return errors;
  }

  /** The findings on this chart's own objects. */
  private own(findings: readonly Finding[]): Finding[] {
    const paths = new Set(chartObjects(this.chart).map((c) => c.node.path));
    return findings.filter((f) => f.source !== undefined && paths.has(f.source));
  }

  private configure(options: RolloutChecksOptions): void {
    if (options.kubernetesVersion) this.kubernetesVersion = options.kubernetesVersion;
    const env = options.environment;
    if (env && environmentStrictness(env) < environmentStrictness(this.environment)) this.environment = env;
  }

  /** Renders every object of the app, each named by its construct path. */
  private render(): ManifestInput[] {
    return appOf(this.chart).node.findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .map((obj) => ({ object: obj.toJson(), source: obj.node.path }));
  }

  private validate(): string[] {
    // Inside app.synth() the stage runs once, over what the charts rendered (see renderOnce).
    if (!this._active || SESSIONS.has(appOf(this.chart))) return [];
    return this._errorLines(checkManifests(this.render(), this._options()).findings);
  }
}

/** Apps inside their synth(): rendering, or writing what was rendered. */
const SESSIONS = new WeakSet<IConstruct>();
const WRAPPED = new WeakSet<App>();

/**
 * Makes `app.synth()` render each object once and run the stage once. cdk8s's own synth
 * validates the whole app once per chart and renders every object for each chart it writes;
 * with the stage that would be a render for the rules and another for the files. Wrapped, the
 * app renders every chart once (through its `toJson`, which validates as cdk8s does), runs the
 * rules over all of it (so a Service and its Deployment in two charts are related) and reports
 * every error finding of every chart together before a file is written; then cdk8s writes the
 * same rendered objects.
 */
function renderOnce(app: App): void {
  if (WRAPPED.has(app)) return;
  WRAPPED.add(app);
  const synth = app.synth.bind(app);
  Object.defineProperty(app, 'synth', {
    configurable: true,
    writable: true,
    value: () => {
      SESSIONS.add(app);
      const charts = app.charts;
      const own = charts.map((chart) => Object.prototype.hasOwnProperty.call(chart, 'toJson'));
      const toJson = charts.map((chart) => chart.toJson);
      try {
        const rendered = charts.map((chart) => chart.toJson());
        const inputs = charts.flatMap((chart, i) => withSources(chart, rendered[i]));
        // One run of the rules per distinct set of options (usually one for the whole app).
        const runs = new Map<string, readonly Finding[]>();
        const errors = charts.flatMap((chart) => {
          const stage = STAGES.get(chart);
          if (!stage?._active) return [];
          const options = stage._options();
          const key = JSON.stringify(options);
          if (!runs.has(key)) runs.set(key, checkManifests(inputs, options).findings);
          return stage._errorLines(runs.get(key)!).map((line) => `[${chart.node.path}] ${line}`);
        });
        if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
        charts.forEach((chart, i) => Object.defineProperty(chart, 'toJson', { configurable: true, writable: true, value: () => rendered[i] }));
        synth();
      } finally {
        charts.forEach((chart, i) => {
          if (own[i]) Object.defineProperty(chart, 'toJson', { configurable: true, writable: true, value: toJson[i] });
          else delete (chart as { toJson?: unknown }).toJson;
        });
        SESSIONS.delete(app);
      }
    },
  });
}

/**
 * A chart's rendered objects named by the construct path of the ApiObject each came from,
 * matched by apiVersion, kind, namespace and name (what JsonPatch leaves alone in practice);
 * an object that matches none is named by the chart.
 */
function withSources(chart: Chart, rendered: unknown[]): ManifestInput[] {
  // Objects that share a key (duplicates, which ZD018 reports) keep their own paths, in order.
  const paths = new Map<string, string[]>();
  for (const c of chartObjects(chart)) {
    const key = apiObjectKey(c);
    paths.set(key, [...(paths.get(key) ?? []), c.node.path]);
  }
  return rendered.map((object) => ({ object, source: paths.get(renderedObjectKey(object))?.shift() ?? chart.node.path }));
}

/** The ApiObjects a chart holds itself (not those of charts nested in it). */
function chartObjects(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart);
}

/** The app a chart belongs to, or the chart itself when it has none (a chart built on its own). */
function appOf(chart: Chart): IConstruct {
  const root = chart.node.root;
  return root instanceof App ? root : chart;
}
