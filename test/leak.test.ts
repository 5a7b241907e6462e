/**
 * Leak test: every sensitive value in the apps' .env fixtures is searched for in all
 * synthesized output, every snapshot and test file, and the errors a sensitive read raises,
 * and found nowhere. (Base64 is checked too, except for development's explicit inline Secret.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ENVIRONMENTS } from '../apps/environments';
import { buildSystem, synthesizeAll } from '../apps/systems';
import { ConfigLayers } from '../src';
import { parseEnvFile } from '../src/config/env-file';
import { looksSensitive } from '../src/config/sensitivity';

interface Fixture { file: string; key: string; value: string }

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : [full];
  });
}

const fixtures: Fixture[] = files('apps')
  .filter((f) => /\/env\/\.env/.test(f))
  .flatMap((file) => parseEnvFile(file, fs.readFileSync(file, 'utf8'))
    .filter((a) => looksSensitive(a.key, a.value))
    .map((a) => ({ file, key: a.key, value: a.value })));

test('the fixtures hold sensitive values to look for', () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(10);
  for (const env of ENVIRONMENTS) expect(fixtures.some((f) => f.file.includes('meetinity') && (f.file.endsWith(`.env.${env}`)))).toBe(true);
});

describe('no sensitive value leaks', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-leak-'));
  synthesizeAll(outdir);
  const outputs = files(outdir).map((f) => ({ file: f, content: fs.readFileSync(f, 'utf8') }));
  const tests = files('test').filter((f) => !f.includes(`${path.sep}schemas${path.sep}`)).map((f) => ({ file: f, content: fs.readFileSync(f, 'utf8') }));

  test.each(fixtures.map((f) => [f.key, f.file, f]))('%s from %s', (_key, _file, fixture) => {
    const { value, file } = fixture as Fixture;
    const base64 = Buffer.from(value).toString('base64');
    // Development's inline Secret carries its own throw-away values, base64 encoded, by opt-in.
    const inlineDevelopment = file.endsWith('meetinity-gateway/env/.env.development');
    for (const { file: where, content } of [...outputs, ...tests]) {
      expect({ where, clear: content.includes(value) }).toEqual({ where, clear: false });
      if (!inlineDevelopment) expect({ where, base64: content.includes(base64) }).toEqual({ where, base64: false });
    }
  });

  test('errors from reading sensitive keys never carry the value', () => {
    for (const environment of ENVIRONMENTS) {
      const app = buildSystem('meetinity-gateway', environment, outdir);
      const config = app.node.findAll().find((c): c is ConfigLayers => c instanceof ConfigLayers)!;
      for (const key of config.requiredSecretKeys) {
        let message = '';
        try {
          config.getString(key);
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message).toContain('<redacted>');
        for (const f of fixtures) expect(message).not.toContain(f.value);
      }
    }
  });
});
