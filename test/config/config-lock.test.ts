import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_LOCK_FILE, withConfigLock } from '../../src/config/config-lock';
import { LzError } from '../../src/errors';

let dir: string;
let lockFile: string;
let sleeper: ChildProcess | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lz-lock-'));
  lockFile = join(dir, 'config', CONFIG_LOCK_FILE);
  spawnSync('mkdir', [join(dir, 'config')]);
});
afterEach(() => {
  sleeper?.kill('SIGKILL');
  sleeper = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A process that is alive for the test, to hold a lock. */
function livePid(): number {
  sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return sleeper.pid!;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

const holder = (pid: number) => JSON.stringify({ pid, host: hostname(), command: 'lz product add other', since: '2026-11-22T23:00:00.000Z' });

describe('withConfigLock', () => {
  it('GIVEN a free config folder THEN the function runs holding the lock, and the lock is gone after', async () => {
    let during = '';
    const result = await withConfigLock(join(dir, 'config'), () => {
      during = readFileSync(lockFile, 'utf8');
      return 42;
    }, { command: 'lz product add x' });
    expect(result).toBe(42);
    expect(JSON.parse(during)).toMatchObject({ pid: process.pid, host: hostname(), command: 'lz product add x' });
    expect(existsSync(lockFile)).toBe(false);
  });

  it('GIVEN a function that fails THEN the lock is released and the error passes through', async () => {
    await expect(withConfigLock(join(dir, 'config'), () => {
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(existsSync(lockFile)).toBe(false);
  });

  it('GIVEN a lock held by a live process WHEN the wait runs out THEN it is refused naming the holder, and nothing runs', async () => {
    const pid = livePid();
    writeFileSync(lockFile, holder(pid));
    const ran = jest.fn();
    const error = await withConfigLock(join(dir, 'config'), ran, { waitMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LzError);
    expect((error as LzError).message).toBe(
      `${lockFile}: is held by \`lz product add other\` (pid ${pid} on ${hostname()}, since 2026-11-22T23:00:00.000Z); wait for it to finish and run this again; if no lz command is running, delete ${lockFile}`,
    );
    expect((error as LzError).exitCode).toBe(2);
    expect(ran).not.toHaveBeenCalled();
    expect(readFileSync(lockFile, 'utf8')).toBe(holder(pid));
  });

  it('GIVEN a lock released while waiting THEN the function runs after it', async () => {
    const pid = livePid();
    writeFileSync(lockFile, holder(pid));
    setTimeout(() => rmSync(lockFile), 200);
    const started = Date.now();
    await expect(withConfigLock(join(dir, 'config'), () => 'ran', { waitMs: 5000 })).resolves.toBe('ran');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('GIVEN a lock left by a process that died THEN it is taken over at once', async () => {
    writeFileSync(lockFile, holder(deadPid()));
    await expect(withConfigLock(join(dir, 'config'), () => 'ran', { waitMs: 0 })).resolves.toBe('ran');
    expect(existsSync(lockFile)).toBe(false);
  });

  it('GIVEN a half-written lock THEN it counts as held while fresh and as stale once 10 s old', async () => {
    writeFileSync(lockFile, '{"pid":');
    await expect(withConfigLock(join(dir, 'config'), () => 'ran', { waitMs: 100 })).rejects.toThrow(/is held by another command;/);
    const old = new Date(Date.now() - 20_000);
    utimesSync(lockFile, old, old);
    await expect(withConfigLock(join(dir, 'config'), () => 'ran', { waitMs: 0 })).resolves.toBe('ran');
  });
});
