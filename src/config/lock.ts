/**
 * Account ids come from config/accounts.lock.yaml, written by `lz accounts sync` from the live
 * organization (or by hand before that command can run).
 */
import { join } from 'node:path';
import { LzError } from '../errors';
import type { LandingZone } from './model';
import { displayPath } from './paths';
import { LOCK_FILE } from './load';

export function requireAccountId(lz: LandingZone, accountName: string): string {
  if (lz.lock && accountName === lz.organization.managementAccount.name) return lz.lock.managementAccountId;
  const id = lz.lock?.accounts[accountName]?.id;
  if (id) return id;
  const file = displayPath(join(lz.configDir, LOCK_FILE));
  throw LzError.of(
    file,
    lz.lock ? `has no id for account ${accountName}` : 'does not exist, so account ids are unknown',
    `deploy the organization stack, then run \`lz accounts sync\` to write the ids of the live accounts (or write accounts.${accountName}.id by hand)`,
  );
}
