/**
 * Account ids come from config/accounts.lock.yaml, written by `lz accounts sync` (and by `lz deploy`
 * right after it creates accounts). An account the lock does not know yet is pending: every id
 * lookup here gives its placeholder (./pending), so config with new accounts synthesizes and is
 * reviewed before they exist.
 */
import type { LandingZone } from './model';
import { PENDING_ORGANIZATION_ID, PENDING_ROOT_ID, pendingAccountId } from './pending';

/** The id recorded for an account, management account included, or undefined when it has none yet. */
export function recordedAccountId(lz: LandingZone, accountName: string): string | undefined {
  if (accountName === lz.organization.managementAccount.name) return lz.lock?.managementAccountId;
  return lz.lock?.accounts[accountName]?.id;
}

/** The account's id, or its placeholder `PENDING-<name>` when the lock file has none yet. */
export function accountIdOf(lz: LandingZone, accountName: string): string {
  return recordedAccountId(lz, accountName) ?? pendingAccountId(accountName);
}

/** Whether the account has no id yet: the organization stack creates it on the next apply. */
export function isPendingAccount(lz: LandingZone, accountName: string): boolean {
  return recordedAccountId(lz, accountName) === undefined;
}

/** The organization id, or a placeholder before the organization's ids are recorded. */
export function organizationIdOf(lz: LandingZone): string {
  return lz.lock?.organizationId ?? PENDING_ORGANIZATION_ID;
}

/** The root id, or a placeholder before the organization's ids are recorded. */
export function rootIdOf(lz: LandingZone): string {
  return lz.lock?.rootId ?? PENDING_ROOT_ID;
}

/** The management account's id, or its placeholder before the organization's ids are recorded. */
export function managementAccountIdOf(lz: LandingZone): string {
  return accountIdOf(lz, lz.organization.managementAccount.name);
}
