import { ObjectRef } from './object-ref';

/** How bad a finding is. `check` and `diff` exit 1 on any error. */
export enum FindingSeverity {
  /** The change will be refused, or traffic or capacity drops. */
  ERROR = 'error',
  /** A risk that depends on the cluster or the workload; review it. */
  WARNING = 'warning',
  /** Worth knowing; nothing breaks. */
  NOTICE = 'notice',
}

/** One rule's verdict on one object. */
export interface Finding {
  /** The rule id (`ZD003`). */
  readonly rule: string;
  /** Its severity. */
  readonly severity: FindingSeverity;
  /** The object the finding is about. */
  readonly resource: ObjectRef;
  /** The field path within the object (`spec.template.spec.terminationGracePeriodSeconds`). */
  readonly field: string;
  /** What is wrong: the object, the field, the value found and the value needed. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** Where the object came from (a file or a construct path), when known. */
  readonly source?: string;
  /** The reason given for suppressing it; a suppressed finding is reported but never fails. */
  readonly suppressed?: string;
}

/** Counts of a report. */
export interface FindingSummary {
  /** Error findings that are not suppressed. */
  readonly errors: number;
  /** Warning findings that are not suppressed. */
  readonly warnings: number;
  /** Notice findings that are not suppressed. */
  readonly notices: number;
  /** Objects checked. */
  readonly objects: number;
}

/** Counts the findings that are not suppressed, by severity. */
export function summarize(findings: readonly Finding[], objects: number): FindingSummary {
  const live = findings.filter((f) => f.suppressed === undefined);
  const count = (s: FindingSeverity) => live.filter((f) => f.severity === s).length;
  return { errors: count(FindingSeverity.ERROR), warnings: count(FindingSeverity.WARNING), notices: count(FindingSeverity.NOTICE), objects };
}

/** `namespace/Kind/name` (or `Kind/name` for cluster-scoped objects). */
export function describeObject(ref: ObjectRef): string {
  return ref.namespaceName ? `${ref.namespaceName}/${ref.kind}/${ref.name}` : `${ref.kind}/${ref.name}`;
}
