import * as fs from 'fs';
import { ImageReference } from '../core/image-reference';

/** Keys renamed in a release file: the old key, the new one. */
const RENAMED: { [old: string]: string } = { activeColor: 'activeColour' };

/**
 * One release file's JSON object, read for ReleaseState and CanaryState alike: JSON syntax,
 * the set of known fields, and the checks of image references, versions and numbers, each
 * failing with the file, the field, the value found and what is needed.
 */
export class ReleaseJson {
  /** Reads a release file; a missing file fails with the content that would create it. */
  public static readFile(file: string, example: string): string {
    if (!fs.existsSync(file)) {
      throw new Error(`${file}: release file not found; create it with ${example}`);
    }
    return fs.readFileSync(file, 'utf8');
  }

  /** Parses release JSON whose keys must be among `fields`. */
  public static parse(source: string, text: string, fields: string[], what: string): ReleaseJson {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new Error(`${source}: not valid JSON (${(e as Error).message}); fix the file or restore it from git`);
    }
    const json = new ReleaseJson(source, {});
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return json.bad('(root)', data, 'must be a JSON object');
    const obj = data as { [key: string]: unknown };
    for (const key of Object.keys(obj)) {
      if (RENAMED[key] && fields.includes(RENAMED[key])) json.bad(key, obj[key], `is now spelt '${RENAMED[key]}'; rename the key`);
      if (!fields.includes(key)) json.bad(key, obj[key], `is not a ${what} field (${fields.join(', ')})`);
    }
    return new ReleaseJson(source, obj);
  }

  private constructor(
    /** Where the JSON came from, for errors. */
    public readonly source: string,
    /** The object's fields. */
    public readonly fields: { readonly [key: string]: unknown },
  ) {}

  /** Fails on a field: `<source>: '<field>' (<found>) <needed>; fix the field or restore the file from git`. */
  public bad(field: string, found: unknown, needed: string): never {
    throw new Error(`${this.source}: '${field}' (${JSON.stringify(found)}) ${needed}; fix the field or restore the file from git`);
  }

  /** A field that must be one of `values`. */
  public oneOf(field: string, values: string[]): string {
    const value = this.fields[field];
    if (typeof value !== 'string' || !values.includes(value)) {
      return this.bad(field, value, `must be ${values.map((v) => `"${v}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')}`);
    }
    return value;
  }

  /** An image reference at `value`, named `field` in errors. */
  public image(field: string, value: unknown): string {
    if (typeof value !== 'string') return this.bad(field, value, 'must be an image reference string');
    try {
      ImageReference.parse(value);
    } catch (e) {
      this.bad(field, value, `must be a valid image reference (${(e as Error).message})`);
    }
    return value;
  }

  /** The optional `version`: a non-empty string. */
  public version(): string | undefined {
    const version = this.fields.version;
    if (version !== undefined && (typeof version !== 'string' || version === '')) this.bad('version', version, 'must be a non-empty string');
    return version as string | undefined;
  }

  /** An optional whole number of at least `min`. */
  public wholeNumber(field: string, min: number): number | undefined {
    const value = this.fields[field];
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < min)) this.bad(field, value, `must be a whole number of at least ${min}`);
    return value as number | undefined;
  }
}
