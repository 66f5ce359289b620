/** A throwaway copy of the example project (config/ and policies/) to run commands in. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

/** Copies the example project; without its lock file unless `keepLock`, since its ids are made up. */
export function exampleProject(keepLock = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'lz-org-'));
  cpSync(join(REPO, 'config'), join(dir, 'config'), { recursive: true });
  cpSync(join(REPO, 'policies'), join(dir, 'policies'), { recursive: true });
  if (!keepLock) rmSync(join(dir, 'config', 'accounts.lock.yaml'));
  return dir;
}
