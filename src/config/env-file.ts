import { parse } from 'dotenv';

/** One assignment read from a .env file. */
export interface EnvAssignment {
  readonly key: string;
  readonly value: string;
  /** `<file>:<line>` of the assignment's first line. */
  readonly source: string;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([^=\s#]+)\s*=\s*(.*)$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses one .env file. Values are read by dotenv (quotes, escapes, multi-line values, inline
 * comments, `export`); this scanner finds each assignment's line first, so that a malformed
 * line or an invalid variable name is an error naming the file and line (dotenv itself skips
 * such lines silently). Error messages never repeat a line's content: it may hold a secret.
 */
export function parseEnvFile(file: string, content: string): EnvAssignment[] {
  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const assignments: EnvAssignment[] = [];
  for (let i = 0; i < lines.length; i++) {
    const where = `${file}:${i + 1}`;
    const trimmed = lines[i].trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = ASSIGNMENT.exec(lines[i]);
    if (!match) throw new Error(`${where}: malformed line; expected KEY=value (the line has no '=' after a name)`);
    const key = match[1];
    if (!VARIABLE_NAME.test(key)) {
      throw new Error(`${where}: invalid variable name ${JSON.stringify(key)}; use letters, digits and _ and do not start with a digit`);
    }
    const first = i;
    const quote = match[2].charAt(0);
    if (quote === '"' || quote === "'" || quote === '`') {
      // Each line is scanned once, on its own (an escape never reaches past a line's end): a
      // search over the joined text restarted on every line made an unterminated quote quadratic.
      let line = match[2].slice(1);
      let close = closingQuote(line, quote);
      while (close < 0 && i + 1 < lines.length) {
        i++;
        line = lines[i];
        close = closingQuote(line, quote);
      }
      if (close < 0) throw new Error(`${file}:${first + 1}: unterminated ${quote} quote in the value of ${key}; close the quote`);
      const after = line.slice(close + 1).trim();
      if (after !== '' && !after.startsWith('#')) {
        throw new Error(`${file}:${i + 1}: malformed line; unexpected text after the closing ${quote} quote of ${key} (comments start with #)`);
      }
    }
    const entry = lines.slice(first, i + 1).join('\n');
    const value = parse(entry)[key];
    if (value === undefined) throw new Error(`${where}: malformed line; dotenv could not read a value for ${key}`);
    assignments.push({ key, value, source: `${file}:${first + 1}` });
  }
  return assignments;
}

/** The index of the quote that closes a value within one line, or -1. */
function closingQuote(line: string, quote: string): number {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\' && quote !== "'") {
      i++;
      continue;
    }
    if (line[i] === quote) return i;
  }
  return -1;
}
