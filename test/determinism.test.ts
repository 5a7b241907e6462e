import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeAll } from '../apps/systems';

function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

test('synthesizing every system twice gives byte-identical files', () => {
  // GIVEN
  const first = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-synth-a-'));
  const second = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-synth-b-'));
  // WHEN
  synthesizeAll(first);
  synthesizeAll(second);
  // THEN
  const a = readTree(first);
  const b = readTree(second);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  const folders = new Set([...a.keys()].map((file) => path.dirname(file)));
  expect(folders.size).toBe(15);
  for (const [file, content] of a) expect(b.get(file)?.equals(content)).toBe(true);
  fs.rmSync(first, { recursive: true });
  fs.rmSync(second, { recursive: true });
});
