/**
 * After the organization stack is applied: wait until every account config declares but the lock
 * file has no id for is ACTIVE in the organization, then record the ids in
 * config/accounts.lock.yaml (atomically, the same way `lz accounts sync` does). The wait is
 * bounded; a CreateAccount that FAILED is reported with AWS's reason and what to do about it.
 * Running it again after any failure picks up where it stopped: it only reads the organization.
 */
import { ListAccountsCommand, ListCreateAccountStatusCommand, type CreateAccountStatus } from '@aws-sdk/client-organizations';
import { EXIT, LzError } from '../errors';
import type { LandingZone } from '../config/model';
import type { OrgApi } from './client';
import { syncAccounts, type SyncResult } from './sync';
import { pendingAccounts } from '../config/pending';

/** Accounts config declares that have no id in the lock file yet: the organization apply creates them. */
// Defined with the placeholders (no AWS SDK there: lz deploy reads it before it needs one).
export { pendingAccounts };

export interface WaitOptions {
  /** How long to wait for all of them. @default 1800000 (30 minutes) */
  readonly timeoutMs?: number;
  /** Between two looks at the organization. @default 15000 */
  readonly pollMs?: number;
  readonly log?: (line: string) => void;
}

/** What to do about each CreateAccount failure reason AWS documents. */
const FAILURE_FIXES: Record<string, string> = {
  EMAIL_ALREADY_EXISTS:
    'another AWS account already uses that email: give the account an unused email in config, or, if that account is yours, invite it into the organization and run lz accounts sync',
  ACCOUNT_LIMIT_EXCEEDED: 'the organization has reached its account quota: ask AWS Support for a higher quota (lz preflight shows it), then deploy again',
  CONCURRENT_ACCOUNT_MODIFICATION: 'another account change was under way: deploy again',
  INTERNAL_FAILURE: 'AWS failed internally: deploy again; if it persists, contact AWS Support',
  INVALID_ADDRESS: 'the management account has no valid address: fix it in the Billing console, then deploy again',
  INVALID_EMAIL: 'the email is not valid for AWS: change it in config, then deploy again',
  MISSING_BUSINESS_VALIDATION: 'the management account is still being validated by AWS: wait for it, then deploy again',
  MISSING_PAYMENT_INSTRUMENT: 'the management account has no valid payment method: add one in the Billing console, then deploy again',
  PENDING_BUSINESS_VALIDATION: 'the management account is still being validated by AWS: wait for it, then deploy again',
  UNKNOWN_BUSINESS_VALIDATION: 'AWS could not validate the management account: contact AWS Support',
  UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED: 'remove the tags from the account in config or update the organization resource policy, then deploy again',
  FAILED_BUSINESS_VALIDATION: 'AWS could not validate the management account: contact AWS Support',
};

async function liveAccounts(api: OrgApi) {
  return api.paginate('organizations:ListAccounts', async (NextToken, abortSignal) => {
    const out = await api.organizations.send(new ListAccountsCommand({ NextToken }), { abortSignal });
    return { items: out.Accounts, next: out.NextToken };
  });
}

async function creationRequests(api: OrgApi): Promise<CreateAccountStatus[]> {
  return api.paginate('organizations:ListCreateAccountStatus', async (NextToken, abortSignal) => {
    const out = await api.organizations.send(new ListCreateAccountStatusCommand({ States: ['IN_PROGRESS', 'FAILED'], NextToken }), { abortSignal });
    return { items: out.CreateAccountStatuses, next: out.NextToken };
  });
}

/**
 * Waits for the named accounts (default: every pending one), then writes the lock. Returns the
 * sync result, or undefined when nothing was pending.
 */
export async function waitAndRecordAccounts(lz: LandingZone, api: OrgApi, options: WaitOptions = {}): Promise<SyncResult | undefined> {
  const wanted = pendingAccounts(lz);
  if (!wanted.length) return undefined;
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const pollMs = options.pollMs ?? 15_000;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const accounts = await liveAccounts(api);
    const byEmail = new Map(accounts.map((a) => [(a.Email ?? '').toLowerCase(), a]));
    const notActive = wanted.filter((spec) => byEmail.get(spec.email.toLowerCase())?.Status !== 'ACTIVE');
    const wrongStatus = notActive.filter((spec) => byEmail.has(spec.email.toLowerCase()));
    if (wrongStatus.length) {
      throw new LzError(
        wrongStatus.map((spec) => ({
          file: `account ${spec.name}`,
          message: `${spec.email} is in the organization as ${byEmail.get(spec.email.toLowerCase())!.Id} but ${byEmail.get(spec.email.toLowerCase())!.Status}, not ACTIVE`,
          fix: 'a suspended or closing account cannot be used: give the account a new email in config, or remove it from config with lz account close',
        })),
        EXIT.failure,
      );
    }
    if (!notActive.length) break;
    const requests = await creationRequests(api);
    const failed = notActive.flatMap((spec) => {
      const mine = requests.filter((r) => r.AccountName === spec.name);
      // A later IN_PROGRESS request supersedes an earlier FAILED one.
      if (mine.some((r) => r.State === 'IN_PROGRESS')) return [];
      const f = mine.filter((r) => r.State === 'FAILED').sort((a, b) => (b.RequestedTimestamp?.getTime() ?? 0) - (a.RequestedTimestamp?.getTime() ?? 0))[0];
      return f ? [{ spec, reason: f.FailureReason ?? 'UNKNOWN' }] : [];
    });
    if (failed.length) {
      throw new LzError(
        failed.map(({ spec, reason }) => ({
          file: `account ${spec.name}`,
          message: `AWS could not create it (${spec.email}): ${reason}`,
          fix: `${FAILURE_FIXES[reason] ?? 'read the reason in the Organizations console'}; then run lz deploy again: it resumes from the organization stack`,
        })),
        EXIT.failure,
      );
    }
    if (Date.now() + pollMs > until) {
      throw LzError.of(
        'lz deploy',
        `${notActive.map((a) => a.name).join(', ')} did not become ACTIVE within ${Math.round(timeoutMs / 1000)} s`,
        'AWS may still be creating them: run lz deploy again later (it resumes and records their ids), or raise --account-wait',
        EXIT.failure,
      );
    }
    options.log?.(`Waiting for ${notActive.map((a) => a.name).join(', ')} to become ACTIVE...`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return syncAccounts(lz, api);
}
