/**
 * Adopting existing accounts: what already runs in them that a baseline would collide with. Each
 * account is entered through the role every baseline assumes (`roles.bootstrap`, by default
 * OrganizationAccountAccessRole); an invited account has no such role until someone creates it.
 * Inside, AWS Config allows one recorder and one delivery channel per region, and one
 * AWSServiceRoleForConfig per account: what exists is recorded (`lz org import`, into the lock
 * file) so the baseline imports it under its own name, and reported by `lz preflight` until then.
 */
import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeDeliveryChannelsCommand } from '@aws-sdk/client-config-service';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AccountSpec, LandingZone } from '../config/model';
import type { AccountsLock } from '../config/schema';
import { EXIT, LzError } from '../errors';
import { ORGANIZATIONS_REGION, type OrgApi } from './client';

export const CONFIG_SERVICE_LINKED_ROLE = 'AWSServiceRoleForConfig';

export type Adoption = NonNullable<AccountsLock['adopted']>[string];

export interface AccountInspection {
  readonly account: string;
  readonly id: string;
  /** Why the landing zone cannot enter the account, when it cannot. */
  readonly unreachable?: string;
  readonly found: Adoption;
}

/** Whether an LzError from `api.call` is the AWS error `name`. */
function is(e: unknown, ...names: string[]): boolean {
  return e instanceof LzError && names.some((n) => e.message.includes(n));
}

export async function inspectAccount(api: OrgApi, lz: LandingZone, spec: AccountSpec, id: string): Promise<AccountInspection> {
  const roleName = lz.roles.bootstrap;
  const roleArn = `arn:aws:iam::${id}:role/${roleName}`;
  const missing = `has no ${roleName} that the management account can assume (an invited account gets none)`;
  let credentials;
  try {
    const out = await api.call(`sts:AssumeRole ${roleArn}`, (abortSignal) =>
      api.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'landing-zone-preflight', DurationSeconds: 900 }), { abortSignal }),
    );
    const c = out?.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw LzError.of(`sts:AssumeRole ${roleArn}`, 'returned no credentials', 'run again; if it persists, check the STS endpoint (--endpoint-url)', EXIT.failure);
    }
    credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } catch (e) {
    if (is(e, 'AccessDenied', 'access denied')) return { account: spec.name, id, unreachable: missing, found: {} };
    throw e;
  }
  const endpoint = api.endpointUrl ? { endpoint: api.endpointUrl } : {};
  const iam = new IAMClient({ region: ORGANIZATIONS_REGION, credentials, maxAttempts: 1, ...endpoint });
  const exists = async (name: string) => {
    try {
      await api.call(`iam:GetRole ${name} in ${spec.name}`, (abortSignal) => iam.send(new GetRoleCommand({ RoleName: name }), { abortSignal }));
      return true;
    } catch (e) {
      if (is(e, 'NoSuchEntity')) return false;
      throw e;
    }
  };
  try {
    if (!(await exists(roleName))) return { account: spec.name, id, unreachable: missing, found: {} };
    const found: { configRecorders?: Record<string, string>; deliveryChannels?: Record<string, string>; configServiceLinkedRole?: boolean } = {};
    if (await exists(CONFIG_SERVICE_LINKED_ROLE)) found.configServiceLinkedRole = true;
    for (const region of spec.regions) {
      const config = new ConfigServiceClient({ region, credentials, maxAttempts: 1, ...endpoint });
      try {
        const recorders = await api.call(`config:DescribeConfigurationRecorders in ${spec.name} ${region}`, (abortSignal) =>
          config.send(new DescribeConfigurationRecordersCommand({}), { abortSignal }),
        );
        const recorder = recorders.ConfigurationRecorders?.find((r) => r.name && !r.recordingScope?.startsWith('INTERNAL'))?.name;
        if (recorder) (found.configRecorders ??= {})[region] = recorder;
        const channels = await api.call(`config:DescribeDeliveryChannels in ${spec.name} ${region}`, (abortSignal) =>
          config.send(new DescribeDeliveryChannelsCommand({}), { abortSignal }),
        );
        const channel = channels.DeliveryChannels?.[0]?.name;
        if (channel) (found.deliveryChannels ??= {})[region] = channel;
      } finally {
        config.destroy();
      }
    }
    return { account: spec.name, id, found };
  } finally {
    iam.destroy();
  }
}

/** Accounts inspected at once: each takes a handful of calls, and a thousand accounts must fit the command's time budget. */
export const INSPECTION_WIDTH = 16;

/** Every account config declares that exists (has an id) and is active, in config order. */
export async function inspectAccounts(api: OrgApi, lz: LandingZone, width = INSPECTION_WIDTH): Promise<AccountInspection[]> {
  const targets: { spec: AccountSpec; id: string }[] = [];
  for (const spec of lz.accounts) {
    if (spec.kind === 'management' || spec.state !== 'active') continue;
    const entry = lz.lock?.accounts[spec.name];
    if (entry && entry.status === 'ACTIVE') targets.push({ spec, id: entry.id });
  }
  const out = new Array<AccountInspection>(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      out[i] = await inspectAccount(api, lz, targets[i].spec, targets[i].id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, targets.length) }, worker));
  return out;
}

/** The `adopted` section of the lock for what the inspections found. */
export function adoptedSection(inspections: readonly AccountInspection[]): NonNullable<AccountsLock['adopted']> {
  const out: NonNullable<AccountsLock['adopted']> = {};
  for (const i of inspections) {
    if (i.found.configRecorders || i.found.deliveryChannels || i.found.configServiceLinkedRole) out[i.account] = i.found;
  }
  return out;
}

function same(a: Adoption | undefined, b: Adoption): boolean {
  const norm = (x: Adoption | undefined) => JSON.stringify({ r: x?.configRecorders ?? {}, d: x?.deliveryChannels ?? {}, s: x?.configServiceLinkedRole ?? false });
  return norm(a) === norm(b);
}

/** Preflight lines per account: what would collide and how to fix it. */
export function adoptionChecks(lz: LandingZone, inspections: readonly AccountInspection[]): { check: string; status: 'ok' | 'fail'; message: string; fix?: string }[] {
  const checks: { check: string; status: 'ok' | 'fail'; message: string; fix?: string }[] = [];
  for (const i of inspections) {
    if (i.unreachable) {
      checks.push({
        check: `account ${i.account}`,
        status: 'fail',
        message: `${i.account} (${i.id}) ${i.unreachable}, so its baseline cannot be applied`,
        fix: `in that account, create the role ${lz.roles.bootstrap} trusting the management account (arn:aws:iam::${lz.lock?.managementAccountId}:root) with the AdministratorAccess policy, as AWS documents for invited accounts; then run lz preflight again`,
      });
      continue;
    }
    const recorded = lz.lock?.adopted?.[i.account];
    const parts = [
      ...Object.entries(i.found.configRecorders ?? {}).map(([region, name]) => `AWS Config recorder "${name}" in ${region}`),
      ...Object.entries(i.found.deliveryChannels ?? {}).map(([region, name]) => `delivery channel "${name}" in ${region}`),
      ...(i.found.configServiceLinkedRole ? [`the role ${CONFIG_SERVICE_LINKED_ROLE}`] : []),
    ];
    if (!parts.length) continue;
    if (same(recorded, i.found)) {
      checks.push({ check: `account ${i.account}`, status: 'ok', message: `its baseline adopts (imports) ${parts.join(', ')}` });
    } else {
      checks.push({
        check: `account ${i.account}`,
        status: 'fail',
        message: `${i.account} (${i.id}) already has ${parts.join(', ')}, which config/accounts.lock.yaml does not record, so its baseline would try to create them again and fail`,
        fix: 'run lz org import: it records them in the lock file, and the baseline imports them instead',
      });
    }
  }
  return checks;
}
