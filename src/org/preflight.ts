/**
 * Preflight: what would make an apply of the organization fail, found before it runs. Every check
 * reports ok, warn (apply will handle it, but you should know) or fail (apply would fail).
 */
import { DescribeOrganizationCommand, ListCreateAccountStatusCommand } from '@aws-sdk/client-organizations';
import { GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { organizationPolicyTypes, organizationTrustedServices, POLICY_TYPES, TRUSTED_SERVICES } from '../contract/organization';
import type { LandingZone } from '../config/model';
import { LzError } from '../errors';
import type { OrgApi } from './client';
import { matchAccounts } from './lock-file';
import { callerIdentity, readLiveOrganization } from './live';
import { adoptionChecks, inspectAccounts } from './adoption';
import { oidcProviderCheck } from './oidc-provider';

/** The AWS default for "Default maximum number of accounts" (Organizations quotas, adjustable). */
export const DEFAULT_ACCOUNT_QUOTA = 10;
/** Service Quotas code of "Default maximum number of accounts" for the organizations service. */
export const ACCOUNT_QUOTA_CODE = 'L-29A0C5DF';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface PreflightCheck {
  readonly check: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly fix?: string;
}

export interface PreflightOptions {
  /** The account quota to use instead of asking Service Quotas. @default - Service Quotas, else 10 */
  readonly accountQuota?: number;
}

async function accountQuota(api: OrgApi, options: PreflightOptions): Promise<{ value: number; source: string; known: boolean }> {
  if (options.accountQuota !== undefined) return { value: options.accountQuota, source: '--account-quota', known: true };
  try {
    const out = await api.call('service-quotas:GetServiceQuota', (abortSignal) =>
      api.quotas.send(new GetServiceQuotaCommand({ ServiceCode: 'organizations', QuotaCode: ACCOUNT_QUOTA_CODE }), { abortSignal }),
    );
    const value = out.Quota?.Value;
    if (typeof value === 'number') return { value, source: 'Service Quotas', known: true };
  } catch {
    // Service Quotas may be denied or unsupported (emulators): the documented default stands in.
  }
  return { value: DEFAULT_ACCOUNT_QUOTA, source: 'the AWS default; Service Quotas did not answer', known: false };
}

export async function runPreflight(lz: LandingZone, api: OrgApi, options: PreflightOptions = {}): Promise<PreflightCheck[]> {
  const checks: PreflightCheck[] = [];
  const caller = await callerIdentity(api);
  const toCreateAll = lz.accounts.filter((a) => a.kind !== 'management');

  let masterAccountId: string | undefined;
  try {
    const out = await api.call('organizations:DescribeOrganization', (abortSignal) =>
      api.organizations.send(new DescribeOrganizationCommand({}), { abortSignal }),
    );
    masterAccountId = out.Organization?.MasterAccountId;
  } catch (e) {
    if (!(e instanceof LzError && e.message.includes('AWSOrganizationsNotInUseException'))) throw e;
  }

  if (!masterAccountId) {
    checks.push({ check: 'management account', status: 'ok', message: `${caller.account} is not in an organization yet; the organization stack creates one with it as the management account` });
    const oidc = await oidcProviderCheck(api, lz);
    if (oidc) checks.push(oidc);
    const quota = await accountQuota(api, options);
    checks.push(quotaCheck(toCreateAll.length, 1, quota));
    return checks;
  }
  if (caller.account !== masterAccountId) {
    checks.push({
      check: 'management account',
      status: 'fail',
      message: `the caller ${caller.arn} is in account ${caller.account}, not the management account ${masterAccountId}`,
      fix: 'run with credentials of the management account (AWS_PROFILE, or the pipeline role); the other checks need it',
    });
    return checks;
  }
  checks.push({ check: 'management account', status: 'ok', message: `the caller is in the management account ${masterAccountId}` });
  const oidc = await oidcProviderCheck(api, lz);
  if (oidc) checks.push(oidc);

  const live = await readLiveOrganization(api);
  const { matched, missing } = matchAccounts(lz, live);

  const quota = await accountQuota(api, options);
  checks.push(quotaCheck(missing.length, live.accounts.length, quota));

  // An email used by a live account that the stack does not know (no id in the lock) makes
  // CreateAccount fail late; with the id the stack imports it instead.
  const emailProblems = matched.filter(({ spec, live: a }) => lz.lock?.accounts[spec.name]?.id !== a.id);
  for (const { spec, live: a } of emailProblems) {
    checks.push({
      check: 'emails',
      status: 'fail',
      message: `${spec.email} (account ${spec.name}) is already used by live account ${a.id} (${a.name}), which config/accounts.lock.yaml does not record, so apply would try to create it again`,
      fix: 'run lz accounts sync (or lz org import), so that the organization stack imports that account',
    });
  }
  const managementEmail = live.accounts.find((a) => a.id === live.managementAccountId)?.email.toLowerCase();
  for (const spec of missing) {
    if (spec.email.toLowerCase() === managementEmail) {
      checks.push({ check: 'emails', status: 'fail', message: `${spec.email} (account ${spec.name}) is the email of the management account`, fix: 'give the account an address of its own' });
    }
  }
  if (!checks.some((c) => c.check === 'emails')) {
    checks.push({ check: 'emails', status: 'ok', message: `none of the ${missing.length} accounts to create uses an email the organization already has` });
  }

  if (live.featureSet !== 'ALL') {
    checks.push({
      check: 'policy types',
      status: 'fail',
      message: `the organization has feature set ${live.featureSet}; service control, resource control and tag policies need ALL`,
      fix: 'enable all features in the AWS Organizations console (every member account must approve), then run again',
    });
  } else {
    const off = POLICY_TYPES.filter((t) => !live.enabledPolicyTypes.includes(t));
    checks.push(
      off.length
        ? { check: 'policy types', status: 'warn', message: `${off.join(', ')} not enabled on root ${live.rootId}`, fix: 'the organization stack enables them on apply; attachments wait for it' }
        : { check: 'policy types', status: 'ok', message: `${POLICY_TYPES.join(', ')} enabled` },
    );
  }
  const untrusted = TRUSTED_SERVICES.filter((s) => !live.trustedServices.includes(s));
  checks.push(
    untrusted.length
      ? { check: 'trusted access', status: 'warn', message: `no trusted access yet for ${untrusted.join(', ')}`, fix: 'the organization stack enables it on apply, before the delegated administrators' }
      : { check: 'trusted access', status: 'ok', message: `enabled for all ${TRUSTED_SERVICES.length} services the baseline uses` },
  );

  checks.push(...neverDisabled(lz, live));
  // Existing accounts: can the baselines enter them, and what would they collide with?
  const inspected = adoptionChecks(lz, await inspectAccounts(api, lz));
  checks.push(...inspected);
  if (!inspected.some((c) => c.status === 'fail')) {
    checks.push({ check: 'existing accounts', status: 'ok', message: `every existing account can be entered through ${lz.roles.bootstrap}, and nothing in them collides with its baseline` });
  }

  const pending = await api.paginate('organizations:ListCreateAccountStatus', async (NextToken, abortSignal) => {
    const out = await api.organizations.send(new ListCreateAccountStatusCommand({ States: ['IN_PROGRESS'], NextToken }), { abortSignal });
    return { items: out.CreateAccountStatuses, next: out.NextToken };
  });
  for (const p of pending) {
    checks.push({
      check: 'account creation',
      status: 'fail',
      message: `CreateAccount for ${p.AccountName} (${p.Id}) is still in progress`,
      fix: 'wait until it finishes (minutes), then run lz accounts sync and deploy again',
    });
  }
  if (!pending.length) checks.push({ check: 'account creation', status: 'ok', message: 'no CreateAccount request in progress' });
  return checks;
}

/**
 * Terraform sets the organization's trusted services and policy types to exactly the lists the
 * stack gives: a live one missing from them would be disabled on apply (a policy type with every
 * policy of it detached).
 */
function neverDisabled(lz: LandingZone, live: { trustedServices: readonly string[]; enabledPolicyTypes: readonly string[] }): PreflightCheck[] {
  const services = new Set(organizationTrustedServices(lz));
  const types = new Set(organizationPolicyTypes(lz));
  const extraServices = live.trustedServices.filter((s) => !services.has(s));
  const extraTypes = live.enabledPolicyTypes.filter((t) => !types.has(t));
  const checks: PreflightCheck[] = [];
  if (extraServices.length) {
    checks.push({
      check: 'live trusted access',
      status: 'fail',
      message: `the organization has trusted access enabled for ${extraServices.join(', ')}, which config does not list, so applying the organization stack would disable it`,
      fix: `add them under trustedServices in ${lz.files[0].file} (lz org import writes them), or disable them in AWS first if they are no longer used`,
    });
  }
  if (extraTypes.length) {
    checks.push({
      check: 'live policy types',
      status: 'fail',
      message: `the root has ${extraTypes.join(', ')} enabled, which config does not list, so applying the organization stack would disable them and detach every policy of those types`,
      fix: `add them under policyTypes in ${lz.files[0].file} (lz org import writes them), or disable them in AWS first if they are no longer used`,
    });
  }
  if (!checks.length) {
    checks.push({ check: 'live trusted access and policy types', status: 'ok', message: 'config keeps every trusted service and policy type the organization has enabled' });
  }
  return checks;
}

function quotaCheck(toCreate: number, existing: number, quota: { value: number; source: string; known: boolean }): PreflightCheck {
  const total = existing + toCreate;
  const what = `${toCreate} accounts to create + ${existing} in the organization = ${total}; the quota is ${quota.value} (${quota.source})`;
  if (total > quota.value) {
    return {
      check: 'account quota',
      status: 'fail',
      message: `${what}`,
      fix: quota.known
        ? 'request a higher "Default maximum number of accounts" in Service Quotas (us-east-1) before deploying'
        : 'if your quota is higher, pass it with --account-quota N; otherwise request an increase in Service Quotas (us-east-1)',
    };
  }
  return { check: 'account quota', status: quota.known ? 'ok' : 'warn', message: what, ...(quota.known ? {} : { fix: 'pass --account-quota N if your quota differs' }) };
}

export function formatPreflight(checks: readonly PreflightCheck[]): string {
  const lines = checks.map((c) => `${c.status.padEnd(4)} ${c.check}: ${c.message}${c.fix ? `; ${c.fix}` : ''}`);
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  lines.push(failed ? `Preflight failed: ${failed} of ${checks.length} checks would fail at apply time.` : `Preflight passed (${warned} warning${warned === 1 ? '' : 's'}).`);
  return lines.join('\n');
}

export function parseAccountQuota(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw LzError.of('command line', `--account-quota ${value} is not a positive whole number`, 'write e.g. --account-quota 50');
  return n;
}
