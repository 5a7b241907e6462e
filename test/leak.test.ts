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

interface Fixture { file: string; key: string; value: string }

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : [full];
  });
}

/**
 * The secrets of the fixtures, listed by hand: the leak test must not choose the values it
 * searches for with the detector it is testing.
 */
const SECRET_KEYS: { [file: string]: string[] } = {
  'apps/chaos-world-gateway/env/.env': ['JWT_SECRET', 'CONSUL_TOKEN', 'MONGODB_PASSWORD', 'REDIS_PASSWORD'],
  'apps/meetinity-gateway/env/.env.production': ['JWT_SECRET', 'UPSTREAM_API_TOKEN', 'DATABASE_URL'],
  'apps/meetinity-gateway/env/.env.staging': ['JWT_SECRET', 'DATABASE_URL'],
  'apps/meetinity-gateway/env/.env.development': ['JWT_SECRET', 'UPSTREAM_API_TOKEN'],
};

const fixtures: Fixture[] = Object.entries(SECRET_KEYS).flatMap(([file, keys]) => {
  const assignments = parseEnvFile(file, fs.readFileSync(file, 'utf8'));
  return keys.map((key) => {
    const found = assignments.find((a) => a.key === key);
    if (!found) throw new Error(`${file} has no ${key}: update SECRET_KEYS`);
    return { file, key, value: found.value };
  });
});

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
