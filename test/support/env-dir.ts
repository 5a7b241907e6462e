import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Writes .env files into a fresh temporary directory and returns its path. */
export function envDir(files: { [fileName: string]: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-env-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** Copies a directory of .env files into a fresh temporary directory. */
export function copyEnvDir(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-env-'));
  for (const name of fs.readdirSync(source)) fs.copyFileSync(path.join(source, name), path.join(dir, name));
  return dir;
}
