/**
 * `lz accounts sync`: the ids of the live accounts into config/accounts.lock.yaml, matched to
 * config by email. Accounts the organization has and config lacks are listed, never dropped.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { LandingZone } from '../config/model';
import type { OrgApi } from './client';
import { buildLock, lockPath, matchAccounts, writeLock } from './lock-file';
import { readLiveOrganization, type LiveAccount, type LiveOrganization } from './live';
import type { AccountSpec } from '../config/model';

export interface SyncResult {
  readonly file: string;
  readonly changed: boolean;
  readonly matched: number;
  readonly unknown: readonly LiveAccount[];
  readonly missing: readonly AccountSpec[];
}

/** Writes the lock from a snapshot already read. */
export function syncLock(lz: LandingZone, live: LiveOrganization): SyncResult {
  const file = lockPath(lz);
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const changed = writeLock(file, buildLock(lz, live), previous);
  const { matched, unknown, missing } = matchAccounts(lz, live);
  return { file, changed, matched: matched.length, unknown, missing };
}

export async function syncAccounts(lz: LandingZone, api: OrgApi): Promise<SyncResult> {
  // The snapshot is complete before anything is written: a failure part way leaves the lock as it was.
  const live = await readLiveOrganization(api);
  return syncLock(lz, live);
}

export function describeSync(result: SyncResult, display: string): string[] {
  const lines = [
    `${result.changed ? 'Wrote' : 'Unchanged:'} ${display}: ${result.matched} accounts matched to config by email.`,
  ];
  if (result.unknown.length) {
    lines.push(`${result.unknown.length} in the organization but not in config (listed under unmanaged):`);
    for (const a of result.unknown) lines.push(`  ${a.name} ${a.id} ${a.email} ${a.ouPath || '(root)'} ${a.status}`);
  }
  if (result.missing.length) {
    lines.push(`${result.missing.length} in config but not in the organization yet (the organization stack creates them):`);
    for (const a of result.missing) lines.push(`  ${a.name} ${a.email}`);
  }
  return lines;
}
