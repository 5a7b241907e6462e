import { DEFAULT_KUBERNETES_VERSION, ruleContext } from './context';
import { Finding, FindingSeverity, FindingSummary, summarize } from './finding';
import { ManifestInput, ManifestModel } from './model/manifest-model';
import { ManifestObject } from './model/manifest-object';
import { RULES } from './registry';
import { findingMessage, ManifestRule, toFinding } from './rule';
import { suppressionsOf } from './suppressions';
import { ZeroDowntimeRule } from '../core/rule-id';
import { SUPPRESS_ANNOTATION } from '../core/well-known-keys';

/** How to run the rules. */
export interface CheckOptions {
  /** The environment every object is bound for; else each object's label decides. @default - from labels */
  readonly environment?: string;
  /** The target Kubernetes version. @default '1.27' */
  readonly kubernetesVersion?: string;
  /** The namespace of objects without one. @default 'default' */
  readonly defaultNamespace?: string;
  /** The rules to run. @default - every rule */
  readonly rules?: readonly ManifestRule[];
  /**
   * The manifests of the environment a release passes through first (staging's, for a
   * production set): every production image must be one they run (ZD023).
   * @default - no cross-environment check
   */
  readonly stagedIn?: readonly ManifestInput[];
  /**
   * The manifests this set replaces (the production set before the change): images they
   * already run are not new, so ZD023 checks only the images the change brings.
   * @default - every image is new
   */
  readonly previous?: readonly ManifestInput[];
}

/** What a check found. */
export interface CheckReport {
  /** Every finding, suppressed ones included, in object then rule order. */
  readonly findings: readonly Finding[];
  /** Counts of the findings that are not suppressed. */
  readonly summary: FindingSummary;
}

const KNOWN_RULES = new Set<string>(Object.values(ZeroDowntimeRule));

/** The rule ids, as ranges by series: `ZD001 to ZD024, ZD101 to ZD108`. */
const RULE_RANGES = ((): string => {
  const ids = Object.values(ZeroDowntimeRule).filter((id) => id !== ZeroDowntimeRule.ZD000).sort();
  const series = new Map<string, string[]>();
  for (const id of ids) series.set(id[2], [...(series.get(id[2]) ?? []), id]);
  return [...series.values()].map((s) => `${s[0]} to ${s[s.length - 1]}`).join(', ');
})();

/** Every container image (init containers included) the pod sets of a model run; a workload scaled to 0 runs none. */
function imagesOf(model: ManifestModel): Set<string> {
  return new Set(model.podSets.filter((p) => p.owner.spec.replicas !== 0)
    .flatMap((p) => p.containers(true).map((c) => c.raw.image).filter((i): i is string => typeof i === 'string')));
}

/**
 * Runs the rules over a manifest set: builds the model, runs every rule, applies each object's
 * suppressions (a suppression without a reason, or of an unknown rule, is itself an error) and
 * orders the findings by object, then rule.
 */
export function checkManifests(inputs: readonly ManifestInput[], options: CheckOptions = {}): CheckReport {
  const model = ManifestModel.build(inputs, { defaultNamespace: options.defaultNamespace });
  const imagesIn = (set: readonly ManifestInput[] | undefined) =>
    (set ? imagesOf(ManifestModel.build(set, { defaultNamespace: options.defaultNamespace })) : undefined);
  const staged = imagesIn(options.stagedIn);
  const previous = imagesIn(options.previous);
  const context = ruleContext(model, options.environment, options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
    staged && previous ? new Set([...staged, ...previous]) : staged);
  const raw: Array<{ finding: Finding; object: ManifestObject }> = [];
  for (const rule of options.rules ?? RULES) {
    rule.check(model, context, { add: (object, detail) => raw.push({ finding: toFinding(rule, object, detail), object }) });
  }
  const findings: Array<{ finding: Finding; object: ManifestObject }> = [];
  // Each object's suppressions, read once: the reasons by rule, for the findings below.
  const reasons = new Map<ManifestObject, Map<string, string>>();
  for (const object of model.objects) {
    const byRule = new Map<string, string>();
    for (const s of suppressionsOf(object)) {
      if (s.reason !== '' && !byRule.has(s.rule)) byRule.set(s.rule, s.reason);
      if (s.reason === '' || !KNOWN_RULES.has(s.rule)) {
        const detail = {
          field: `metadata.annotations["${SUPPRESS_ANNOTATION}"]`,
          found: s.rule,
          needed: s.reason === '' ? 'must give a reason after the rule id' : `must name a rule (${RULE_RANGES})`,
          fix: `write "${KNOWN_RULES.has(s.rule) ? s.rule : 'ZDxxx'}: <why this object is an exception>"`,
        };
        const finding: Finding = {
          rule: ZeroDowntimeRule.ZD000,
          severity: FindingSeverity.ERROR,
          resource: object.ref,
          field: detail.field,
          message: findingMessage(object, detail),
          fix: detail.fix,
          source: object.source,
        };
        findings.push({ object, finding });
      }
    }
    if (byRule.size > 0) reasons.set(object, byRule);
  }
  for (const entry of raw) {
    const reason = reasons.get(entry.object)?.get(entry.finding.rule);
    findings.push(reason === undefined ? entry : { object: entry.object, finding: { ...entry.finding, suppressed: reason } });
  }
  findings.sort((a, b) => a.object.index - b.object.index || a.finding.rule.localeCompare(b.finding.rule));
  return { findings: findings.map((f) => f.finding), summary: summarize(findings.map((f) => f.finding), model.objects.length) };
}
