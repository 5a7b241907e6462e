import { CHANGE_RULES } from './change-rules';
import { ChangeSet, identityOf } from './change-set';
import { ChangeSummary, summarizeChange } from './change-summary';
import { DEFAULT_KUBERNETES_VERSION, ruleContext } from '../context';
import { CheckOptions, checkManifests } from '../engine';
import { Finding, FindingSummary, summarize } from '../finding';
import { ManifestInput, ManifestModel } from '../model/manifest-model';
import { ManifestObject } from '../model/manifest-object';
import { toFinding } from '../rule';
import { suppressionsOf } from '../suppressions';

/** How to review a change. */
export interface DiffOptions extends CheckOptions {
  /** Whether objects missing from head are deleted (`kubectl apply --prune`, a GitOps sync with pruning). @default true */
  readonly prune?: boolean;
}

/** What a review of a change found. */
export interface DiffReport {
  /** The single-snapshot findings on head, then the change findings, suppressed ones included. */
  readonly findings: readonly Finding[];
  /** Counts of the findings that are not suppressed, and of head's objects. */
  readonly summary: FindingSummary;
  /** What changes. */
  readonly changes: ChangeSummary;
  /** The paired objects, for the per-object diff of a report. */
  readonly changeSet: ChangeSet;
}

/**
 * Reviews the change from `base` (what is live) to `head` (what the apply makes live): the
 * single-snapshot rules on head, and the change rules on the pair. A change finding is
 * suppressed by the same annotation on the head object (or, for a deleted one, the base one).
 */
export function diffManifests(base: readonly ManifestInput[], head: readonly ManifestInput[], options: DiffOptions = {}): DiffReport {
  // Images the base already runs are not new to production (ZD023).
  const snapshot = checkManifests(head, { ...options, previous: options.previous ?? base });
  const modelOptions = { defaultNamespace: options.defaultNamespace };
  const baseModel = ManifestModel.build(base, modelOptions);
  const prune = options.prune ?? true;
  // Without pruning, what head omits stays live: the change rules see it as unchanged.
  const headModel = ManifestModel.build(prune ? head : [...head, ...leftAlone(baseModel, head, modelOptions)], modelOptions);
  const change = ChangeSet.of(baseModel, headModel, prune);
  const context = ruleContext(headModel, options.environment, options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  const found: Finding[] = [];
  for (const rule of CHANGE_RULES) {
    rule.check(change, context, {
      add: (object: ManifestObject, detail) => {
        const finding = toFinding(rule, object, detail);
        const reason = suppressionsOf(object).find((s) => s.rule === rule.id && s.reason !== '')?.reason;
        found.push(reason === undefined ? finding : { ...finding, suppressed: reason });
      },
    });
  }
  const findings = [...snapshot.findings, ...found];
  return { findings, summary: summarize(findings, headModel.objects.length), changes: summarizeChange(change), changeSet: change };
}

/** The base objects head omits, as inputs (they stay live when the apply does not prune). */
function leftAlone(base: ManifestModel, head: readonly ManifestInput[], options: { defaultNamespace?: string }): ManifestInput[] {
  const inHead = new Set(ManifestModel.build(head, options).objects.map(identityOf));
  return base.objects.filter((o) => !inHead.has(identityOf(o))).map((o) => ({ object: o.raw, source: o.source }));
}
