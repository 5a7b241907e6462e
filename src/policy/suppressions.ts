import { ManifestObject } from './model/manifest-object';
import { SUPPRESS_ANNOTATION } from '../core/well-known-keys';


/** One suppression as written. */
export interface Suppression {
  /** The rule id. */
  readonly rule: string;
  /** The reason; empty when none was given (which is itself an error). */
  readonly reason: string;
}

/**
 * Reads an object's suppressions. Entries are `<rule>: <reason>`, separated by new lines or by
 * `;` before the next rule id, so a reason may contain any other punctuation.
 */
export function suppressionsOf(object: ManifestObject): Suppression[] {
  const value = object.annotations[SUPPRESS_ANNOTATION];
  if (value === undefined) return [];
  return parseSuppressions(value);
}

/** Parses the value of the suppression annotation. */
export function parseSuppressions(value: string): Suppression[] {
  const out: Suppression[] = [];
  for (const entry of value.split(/\n|;(?=\s*[A-Za-z]+\d+\b)/)) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const m = /^([A-Za-z]+\d+)\s*(?::\s*([\s\S]*))?$/.exec(trimmed);
    if (!m) {
      out.push({ rule: trimmed, reason: '' });
      continue;
    }
    out.push({ rule: m[1].toUpperCase(), reason: (m[2] ?? '').trim() });
  }
  return out;
}

/** Writes a suppression entry as the annotation value holds it. */
export function formatSuppression(rule: string, reason: string): string {
  return `${rule}: ${reason}`;
}
