import * as fs from 'fs';

/** A release file that could not be read, locked or written; the message is one line. */
export class ReleaseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReleaseFileError';
  }
}

/**
 * Runs `update` on a release file's text under an exclusive lock and writes what it returns,
 * so two commands on one file never lose an update: the second finds `<file>.lock` and is
 * refused, having written nothing. The write is atomic (a temporary file beside the target,
 * then a rename), keeps the file's mode, and goes through a symlink to the file it names (the
 * link stays a link, shared targets stay shared). Nothing is left behind on any failure.
 * `update` returns undefined to write nothing (`status`).
 */
export function updateReleaseFile<T extends { readonly after: string }>(
  file: string,
  display: string,
  update: (text: string) => T | undefined,
): T | undefined {
  let target: string;
  try {
    target = fs.realpathSync(file);
  } catch (e) {
    throw new ReleaseFileError(`${display}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'release file not found' : `cannot be read (${(e as NodeJS.ErrnoException).code})`}`);
  }
  const stat = fs.statSync(target);
  if (!stat.isFile()) throw new ReleaseFileError(`${display}: not a regular file; a release file is JSON in a regular file`);
  const lock = `${target}.lock`;
  let handle: number;
  try {
    handle = fs.openSync(lock, 'wx');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReleaseFileError(code === 'EEXIST'
      ? `${display}: another cdk8s-zd command is changing it (${lock} exists); run again when it has finished, or delete the lock if no command is running`
      : `${display}: cannot be locked (${code}): the folder must be writable`);
  }
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    fs.writeSync(handle, `${process.pid}\n`);
    const result = update(fs.readFileSync(target, 'utf8'));
    if (result === undefined) return undefined;
    // The permission bits of the file (st_mode modulo the file-type bits above them).
    const mode = stat.mode % 0o10000;
    try {
      fs.writeFileSync(temporary, result.after, { mode });
      fs.chmodSync(temporary, mode);
      fs.renameSync(temporary, target);
    } catch (e) {
      throw new ReleaseFileError(`${display}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return result;
  } finally {
    removeQuietly(temporary);
    fs.closeSync(handle);
    fs.rmSync(lock, { force: true });
  }
}

/** Removes a file we may have created; there is nothing to do when it is not there. */
function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // not created, or not ours to remove
  }
}
