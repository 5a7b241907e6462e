import { asArray, asObject, asString, objects, stringMap } from './json';

/** A parsed label selector: `matchLabels` plus `matchExpressions`, or a Service's plain map. */
export class LabelSelector {
  /** A Service-style selector (`spec.selector` of a Service): a plain label map. */
  public static fromMap(value: unknown): LabelSelector | undefined {
    if (!asObject(value)) return undefined;
    return new LabelSelector(stringMap(value), []);
  }

  /** A workload- or PDB-style selector (`matchLabels` and `matchExpressions`). */
  public static fromSelector(value: unknown): LabelSelector | undefined {
    const o = asObject(value);
    if (!o) return undefined;
    const expressions = objects(o.matchExpressions).map((e) => ({
      key: asString(e.key) ?? '',
      operator: asString(e.operator) ?? '',
      values: asArray(e.values).map(String),
    }));
    return new LabelSelector(stringMap(o.matchLabels), expressions);
  }

  private constructor(
    /** Labels that must be equal. */
    public readonly matchLabels: { readonly [key: string]: string },
    /** Set-based requirements. */
    public readonly matchExpressions: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values: readonly string[] }>,
  ) {}

  /** Whether the selector has no requirement (it selects everything). */
  public get isEmpty(): boolean {
    return Object.keys(this.matchLabels).length === 0 && this.matchExpressions.length === 0;
  }

  /** Every label key the selector reads. */
  public get keys(): string[] {
    return [...Object.keys(this.matchLabels), ...this.matchExpressions.map((e) => e.key)];
  }

  /** Whether a label set satisfies the selector. */
  public matches(labels: { readonly [key: string]: string }): boolean {
    for (const [k, v] of Object.entries(this.matchLabels)) if (labels[k] !== v) return false;
    for (const e of this.matchExpressions) {
      const has = Object.prototype.hasOwnProperty.call(labels, e.key);
      switch (e.operator) {
        case 'In': if (!has || !e.values.includes(labels[e.key])) return false; break;
        case 'NotIn': if (has && e.values.includes(labels[e.key])) return false; break;
        case 'Exists': if (!has) return false; break;
        case 'DoesNotExist': if (has) return false; break;
        default: return false;
      }
    }
    return true;
  }

  /** The selector as a user would write it, for messages. */
  public toString(): string {
    const parts = Object.entries(this.matchLabels).map(([k, v]) => `${k}=${v}`);
    for (const e of this.matchExpressions) parts.push(`${e.key} ${e.operator}${e.values.length ? ` (${e.values.join(',')})` : ''}`);
    return parts.length ? parts.join(',') : '<everything>';
  }
}
