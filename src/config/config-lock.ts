/**
 * One writer of a config folder at a time. Commands that write config or the accounts lock file
 * (`lz product add`, `lz accounts sync`, `lz org import`, `lz account close`, `lz env ...`) run
 * inside withConfigLock: it creates `<config>/.lz.lock` exclusively (O_EXCL), so a second command
 * waits for the first to finish and then reads what it wrote, instead of both choosing the same
 * free VPC range or one overwriting the other's file.
 *
 * A lock left by a process that died is taken over: the file names the pid and host of its owner,
 * and a pid that no longer runs on this host is stale. A lock held by a live process for longer
 * than the wait is refused with a message naming who holds it.
 */
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { LzError } from '../errors';
import { displayPath } from './paths';

export const CONFIG_LOCK_FILE = '.lz.lock';

/** How long a command waits for another to release the config folder (LZ_CONFIG_LOCK_WAIT_MS overrides it). */
export const CONFIG_LOCK_WAIT_MS = 30_000;

function defaultWait(): number {
  const env = Number(process.env.LZ_CONFIG_LOCK_WAIT_MS);
  return Number.isFinite(env) && env >= 0 ? env : CONFIG_LOCK_WAIT_MS;
}

/** A lock file that cannot be read as ours (a writer died between create and write) is stale after this. */
const UNREADABLE_STALE_MS = 10_000;

export interface ConfigLockOptions {
  /** What holds the lock, for the message another command prints, e.g. "lz product add". @default "lz" */
  readonly command?: string;
  /** @default CONFIG_LOCK_WAIT_MS, or LZ_CONFIG_LOCK_WAIT_MS */
  readonly waitMs?: number;
}

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly since: string;
}

function readHolder(file: string): { holder?: Holder; text?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').slice(0, 4096);
  } catch {
    return {};
  }
  try {
    const h = JSON.parse(text) as Holder;
    if (Number.isInteger(h.pid) && typeof h.host === 'string') return { holder: h, text };
  } catch {
    // written halfway: judged by its age
  }
  return { text };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function stale(file: string, holder: Holder | undefined): boolean {
  if (holder) return holder.host === hostname() && !alive(holder.pid);
  try {
    return Date.now() - statSync(file).mtimeMs > UNREADABLE_STALE_MS;
  } catch {
    return false;
  }
}

/**
 * Removes a stale lock without removing a fresh one that replaced it meanwhile: the file is moved
 * aside first, and put back if what was moved is not what was judged stale.
 */
function removeStale(file: string, judged: string | undefined): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return;
  }
  const moved = readHolder(aside).text;
  if (moved === judged) unlinkSync(aside);
  else {
    try {
      renameSync(aside, file);
    } catch {
      unlinkSync(aside);
    }
  }
}

function tryCreate(file: string, holder: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw LzError.of(displayPath(file), `cannot be created (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check that the config folder exists and is writable');
  }
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` holding the config folder's lock; waits for another holder, takes over a dead one's. */
export async function withConfigLock<T>(configDir: string, fn: () => T | Promise<T>, options: ConfigLockOptions = {}): Promise<T> {
  const file = join(resolve(configDir), CONFIG_LOCK_FILE);
  const mine: Holder = { pid: process.pid, host: hostname(), command: options.command ?? 'lz', since: new Date().toISOString() };
  const until = Date.now() + (options.waitMs ?? defaultWait());
  for (let delay = 20; !tryCreate(file, mine); delay = Math.min(delay * 2, 250)) {
    const { holder, text } = readHolder(file);
    if (stale(file, holder)) {
      removeStale(file, text);
      continue;
    }
    if (Date.now() >= until) {
      const who = holder ? `\`${holder.command}\` (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : 'another command';
      throw LzError.of(
        displayPath(file),
        `is held by ${who}`,
        `wait for it to finish and run this again; if no lz command is running, delete ${displayPath(file)}`,
      );
    }
    await sleep(delay);
  }
  try {
    return await fn();
  } finally {
    const { text } = readHolder(file);
    if (text === JSON.stringify(mine)) unlinkSync(file);
  }
}
