/**
 * Files the organization commands write are replaced whole or not at all: the text goes to a
 * temporary file beside the target, is flushed to disk, then renamed over it. A crash or an
 * error at any point leaves the old file as it was and no temporary file behind.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export function writeFileAtomic(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'w', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    syncFolder(dirname(file));
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/** Makes the rename itself durable: without it a power cut can bring back the old name's entry. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems cannot fsync a folder; the rename has happened either way.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
