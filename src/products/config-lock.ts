/**
 * One writer of config at a time: `lz env add | clone | pause | resume` hold this lock while they
 * read, change, validate and write a product file, so two runs cannot both take the same free VPC
 * range or undo each other's change. The lock is a file created exclusively in the config folder,
 * holding the owner's pid; a lock left by a process that no longer runs is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LzError } from '../errors';
import { displayPath } from '../config/paths';

export const CONFIG_LOCK_FILE = '.lz-config.lock';

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function withConfigLock<T>(configDir: string, fn: () => T): T {
  const file = join(configDir, CONFIG_LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(readFileSync(file, 'utf8').trim());
      } catch {
        // Released between our attempt and this read: try again.
      }
      if (owner === process.pid) throw new Error('internal: withConfigLock entered twice by one process');
      if (Number.isInteger(owner) && owner > 0 && running(owner)) {
        throw LzError.of(displayPath(file), `another lz command (pid ${owner}) is changing config`, 'wait for it to finish, then run this again');
      }
      if (attempt >= 3) throw LzError.of(displayPath(file), 'cannot be taken', `remove it if no lz command is running (${displayPath(file)})`);
      // Left by a process that ended: take it over.
      rmSync(file, { force: true });
    }
  }
  try {
    return fn();
  } finally {
    rmSync(file, { force: true });
  }
}
