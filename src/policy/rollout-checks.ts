import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkManifests, ManifestInput } from './engine';
import { describeObject, Finding, FindingSeverity } from './finding';
import { formatSuppression, parseSuppressions, SUPPRESS_ANNOTATION } from './suppressions';
import { ApplyOrder } from '../core/apply-order';
import { ZeroDowntimeRule } from '../core/rule-id';

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
const STRICTNESS = ['production', 'prod', 'staging', 'stage'];
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
    ApplyOrder.of(chart);
    chart.node.addValidation({ validate: () => this.validate() });
  }

  /**
   * Runs the rules over the chart's rendered objects now and returns every finding, suppressed
   * ones included.
   */
  public findings(): Finding[] {
    const own = new Set<string>();
    const inputs = this.render(own);
    return checkManifests(inputs, { environment: this.environment, kubernetesVersion: this.kubernetesVersion })
      .findings.filter((f) => f.source !== undefined && own.has(f.source));
  }

  private configure(options: RolloutChecksOptions): void {
    if (options.kubernetesVersion) this.kubernetesVersion = options.kubernetesVersion;
    const env = options.environment;
    if (!env) return;
    const rank = (e?: string) => (e === undefined ? 99 : STRICTNESS.indexOf(e.toLowerCase()) < 0 ? 50 : STRICTNESS.indexOf(e.toLowerCase()));
    if (rank(env) < rank(this.environment)) this.environment = env;
  }

  /** Renders every object of the app; collects the paths of this chart's own in `own`. */
  private render(own: Set<string>): ManifestInput[] {
    const root = appOf(this.chart);
    return root.node.findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .map((obj) => {
        if (Chart.of(obj) === this.chart) own.add(obj.node.path);
        return { object: obj.toJson(), source: obj.node.path };
      });
  }

  private validate(): string[] {
    if (this.chart.node.tryGetContext(RULES_CONTEXT) === 'off') return [];
    const errors: string[] = [];
    for (const f of this.findings()) {
      if (f.suppressed !== undefined) continue;
      const line = `${f.source ?? describeObject(f.object)} (${f.object.kind}/${f.object.name}): ${f.rule} ${f.message}; ${f.fix}`;
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
}

/** The app a chart belongs to, or the chart itself when it has none (a chart built on its own). */
function appOf(chart: Chart): IConstruct {
  const root = chart.node.root;
  return root instanceof App ? root : chart;
}
