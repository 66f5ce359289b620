/**
 * Accounts that do not exist yet. An account in config with no id in config/accounts.lock.yaml is
 * *pending*: the organization stack creates it on the next apply and `lz deploy` records its id.
 * Until then it synthesizes, and is reviewed, with a placeholder in place of its id. The
 * placeholder is not a 12-digit number, so nobody can mistake it for a real account, no AWS API
 * accepts it (an apply that still holds one fails instead of acting on a wrong account), and
 * nothing imports it.
 */

import type { AccountSpec, LandingZone } from './model';

const PREFIX = 'PENDING-';

/** The accounts of config that are pending: no id in the lock file (the management account always exists). */
export function pendingAccounts(lz: LandingZone): AccountSpec[] {
  return lz.accounts.filter((a) => a.kind !== 'management' && !lz.lock?.accounts[a.name]?.id);
}

/** The placeholder id of an account that will be created on apply: `PENDING-<account-name>`. */
export function pendingAccountId(accountName: string): string {
  return `${PREFIX}${accountName}`;
}

/** Whether an id is a placeholder rather than a real account id. */
export function isPendingAccountId(id: string): boolean {
  return /^PENDING-[a-z0-9-]+$/.test(id);
}

/** The account name a placeholder stands for, or undefined for a real id. */
export function pendingAccountName(id: string): string | undefined {
  return isPendingAccountId(id) ? id.slice(PREFIX.length) : undefined;
}

/**
 * Placeholders of the organization and root ids before the organization exists (or before
 * `lz accounts sync`). Upper case, so no account name (lower case only) can produce them.
 */
export const PENDING_ORGANIZATION_ID = `${PREFIX}ORGANIZATION`;
export const PENDING_ROOT_ID = `${PREFIX}ROOT`;

/**
 * An account id as it may appear in a synthesized document: twelve digits, or a placeholder.
 * Account names are lowercase letters, digits and hyphens (see AccountNameSchema).
 */
export const ACCOUNT_ID_PATTERN = /^(\d{12}|PENDING-[a-z0-9-]+)$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID_PATTERN.test(value);
}

/** What reports say about an account, or the organization, that exists only after the next apply. */
export const CREATED_ON_APPLY = 'created on apply';
