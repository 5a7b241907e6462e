import { Finding, FindingSeverity } from './finding';
import { ManifestModel } from './model/manifest-model';
import { ManifestObject } from './model/manifest-object';

/** What a rule knows beyond the objects: the target environment and Kubernetes version. */
export interface RuleContext {
  /** The Kubernetes version the manifests are applied to (`1.27`). */
  readonly kubernetesVersion: string;
  /**
   * The images the manifests of the environment before this one run (`--staged-in`), with
   * those production already ran before the change, when they were given: a production image
   * must be one of them (ZD023).
   */
  readonly stagedImages?: ReadonlySet<string>;
  /** Whether an object is bound for production (the `--environment`, or its own or its namespace's label). */
  isProduction(object: ManifestObject): boolean;
  /** Whether an object is bound for staging or production, where images must be immutable. */
  requiresImmutableImages(object: ManifestObject): boolean;
  /** Whether an object is bound for development, where budgets and spread are not required. */
  isDevelopment(object: ManifestObject): boolean;
}

/**
 * One zero-downtime rule over a manifest set. Each lives in a file of its own under `rules/`,
 * names the upstream check it follows in its doc comment, and reports through `report`.
 */
export interface ManifestRule {
  /** The rule id (`ZD003`). */
  readonly id: string;
  /** The severity of its findings unless a finding says otherwise. */
  readonly severity: FindingSeverity;
  /** One line: what the rule promises. */
  readonly summary: string;
  /** Checks the manifest set. */
  check(model: ManifestModel, context: RuleContext, report: FindingSink): void;
}

/** Where a rule reports what it finds. */
export interface FindingSink {
  /**
   * Reports a finding on `object` at `field`. The message reads
   * `<Kind>/<name> <field> (<found>) <needed>`.
   */
  add(object: ManifestObject, detail: FindingDetail): void;
}

/** What a rule says of one problem. */
export interface FindingDetail {
  /** The field path. */
  readonly field: string;
  /** The value found, already formatted. */
  readonly found: string;
  /** What the value must be, as a sentence fragment ("must be at least 1"). */
  readonly needed: string;
  /** How to fix it, as an imperative sentence. */
  readonly fix: string;
  /** The severity, when it differs from the rule's. */
  readonly severity?: FindingSeverity;
}

/** Formats a finding's message: `<Kind>/<name> <field> (<found>) <needed>`. */
export function findingMessage(object: ManifestObject, detail: FindingDetail): string {
  return `${object.display} ${detail.field} (${detail.found}) ${detail.needed}`;
}

/** Builds the finding a rule reports. */
export function toFinding(rule: Pick<ManifestRule, 'id' | 'severity'>, object: ManifestObject, detail: FindingDetail): Finding {
  return {
    rule: rule.id,
    severity: detail.severity ?? rule.severity,
    resource: object.ref,
    field: detail.field,
    message: findingMessage(object, detail),
    fix: detail.fix,
    source: object.source,
  };
}

/**
 * A constructor-level violation (the same rule code constructors call) as the finding detail
 * of a rendered field.
 */
export function detailFromViolation(violation: Pick<FindingDetail, 'found' | 'needed' | 'fix'>, field: string, severity?: FindingSeverity): FindingDetail {
  return { field, found: violation.found, needed: violation.needed, fix: violation.fix, severity };
}
