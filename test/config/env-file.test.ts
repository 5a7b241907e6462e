import * as fc from 'fast-check';
import { parseEnvFile } from '../../src/config/env-file';

describe('parseEnvFile', () => {
  test('reads what dotenv reads, with the line of each assignment', () => {
    const content = [
      '# comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      'SPACED = padded   ',
      'INLINE=value # a comment',
      'SINGLE=\'single # not a comment\'',
      'DOUBLE="line\\nbreak"',
      'MULTI="first',
      'second"',
      'EMPTY=',
      'URL=https://example.com/?a=b',
    ].join('\n');
    expect(parseEnvFile('env/.env', content)).toEqual([
      { key: 'PLAIN', value: 'value', source: 'env/.env:3' },
      { key: 'EXPORTED', value: 'yes', source: 'env/.env:4' },
      { key: 'SPACED', value: 'padded', source: 'env/.env:5' },
      { key: 'INLINE', value: 'value', source: 'env/.env:6' },
      { key: 'SINGLE', value: 'single # not a comment', source: 'env/.env:7' },
      { key: 'DOUBLE', value: 'line\nbreak', source: 'env/.env:8' },
      { key: 'MULTI', value: 'first\nsecond', source: 'env/.env:9' },
      { key: 'EMPTY', value: '', source: 'env/.env:11' },
      { key: 'URL', value: 'https://example.com/?a=b', source: 'env/.env:12' },
    ]);
  });

  test('Windows line endings and a byte-order mark', () => {
    expect(parseEnvFile('f', '\uFEFFA=1\r\nB=2\r\n')).toEqual([
      { key: 'A', value: '1', source: 'f:1' },
      { key: 'B', value: '2', source: 'f:2' },
    ]);
  });

  test.each([
    ['A=1\nnot an assignment', "env/.env:2: malformed line; expected KEY=value (the line has no '=' after a name)"],
    ['A=1\n1ABC=2', 'env/.env:2: invalid variable name "1ABC"; use letters, digits and _ and do not start with a digit'],
    ['DOTTED.KEY=1', 'env/.env:1: invalid variable name "DOTTED.KEY"; use letters, digits and _ and do not start with a digit'],
    ['A="unterminated\nB=2', 'env/.env:1: unterminated " quote in the value of A; close the quote'],
    ["A='x' trailing", "env/.env:1: malformed line; unexpected text after the closing ' quote of A (comments start with #)"],
  ])('rejects %j', (content, message) => {
    expect(() => parseEnvFile('env/.env', content)).toThrow(message);
  });

  test('errors never repeat the content of a line', () => {
    expect(() => parseEnvFile('f', 'PASSWORD hunter2')).toThrow(/^f:1: malformed line/);
    try {
      parseEnvFile('f', 'DB_PASSWORD="hunter2');
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  test('property: any printable input either parses or fails with file:line, never crashes', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme-ascii' }), { maxLength: 8 }), (lines) => {
      const content = lines.join('\n');
      try {
        const parsed = parseEnvFile('prop/.env', content);
        for (const a of parsed) expect(a.source).toMatch(/^prop\/\.env:\d+$/);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(/^prop\/\.env:\d+: /);
      }
    }), { numRuns: 500 });
  });

  test('property: written assignments read back, last one wins', () => {
    const key = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,12}$/);
    const value = fc.stringMatching(/^[A-Za-z0-9_./:,@+-]{0,20}$/);
    fc.assert(fc.property(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 10 }), (pairs) => {
      const parsed = parseEnvFile('f', pairs.map(([k, v]) => `${k}=${v}`).join('\n'));
      expect(parsed.map((a) => [a.key, a.value])).toEqual(pairs);
      const last = new Map(pairs);
      const lastParsed = new Map(parsed.map((a) => [a.key, a.value]));
      expect(lastParsed).toEqual(last);
    }));
  });
});
