/*
 * The control plane's reaper, without a control plane: what a SIGKILLed test run left running
 * is stopped on the next start, and nothing else is.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { reapOrphans } from './control-plane';

const alive = (pid: number) => spawnSync('kill', ['-0', `${pid}`]).status === 0 && !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

/** A process that runs until it is killed, with `marker` in its command line (bash keeps it: a second command stops it exec'ing sleep). */
function lingering(marker: string): number {
  const child = spawn('bash', ['-c', 'sleep 300; exit 0', marker], { stdio: 'ignore', detached: true });
  child.unref();
  return child.pid!;
}

/** A pid that no process has now. */
function deadPid(): number {
  return Number(spawnSync('bash', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
}

describe('reapOrphans', () => {
  let tmp: string;
  const started: number[] = [];
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-reap-'));
  });
  afterEach(() => {
    for (const pid of started.splice(0)) spawnSync('kill', ['-9', `${pid}`]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function plane(owner: number, marker?: string): { dir: string; pids: number[] } {
    const dir = fs.mkdtempSync(path.join(tmp, 'zd-cluster-'));
    fs.writeFileSync(path.join(dir, 'owner'), `${owner}`);
    const pids = [lingering(marker ?? dir), lingering(marker ?? dir)];
    started.push(...pids);
    fs.writeFileSync(path.join(dir, 'pids'), pids.map((p) => `${p}\n`).join(''));
    return { dir, pids };
  }

  test('stops the processes of a plane whose owner is gone, and removes its directory', () => {
    const orphan = plane(deadPid());
    expect(reapOrphans(tmp)).toBe(2);
    expect(fs.existsSync(orphan.dir)).toBe(false);
    // SIGKILL is delivered at once; the reaped child may linger as a zombie of this process.
    for (const pid of orphan.pids) expect([pid, alive(pid)]).toEqual([pid, false]);
  });

  test('leaves a plane whose owner runs, a plane that is starting, and a pid given to another process', () => {
    const owned = plane(process.pid);
    const starting = fs.mkdtempSync(path.join(tmp, 'zd-cluster-'));
    const reused = plane(deadPid(), '/somewhere/else');
    expect(reapOrphans(tmp)).toBe(0);
    expect([fs.existsSync(owned.dir), fs.existsSync(starting)]).toEqual([true, true]);
    for (const pid of [...owned.pids, ...reused.pids]) expect([pid, alive(pid)]).toEqual([pid, true]);
    // The reused pids' directory goes: nothing of it runs.
    expect(fs.existsSync(reused.dir)).toBe(false);
  });
});
