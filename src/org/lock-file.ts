/**
 * config/accounts.lock.yaml from a live snapshot: what sync and import write. Accounts are matched
 * to config by email (case-insensitive, as AWS compares them). The text is built here, key by key
 * in sorted order, so the same organization always gives the same bytes.
 */
import { join } from 'node:path';
import { LOCK_FILE } from '../config/load';
import type { AccountSpec, LandingZone } from '../config/model';
import type { AccountsLock } from '../config/schema';
import { writeFileAtomic } from './atomic-write';
import type { LiveAccount, LiveOrganization } from './live';

export const LOCK_HEADER = [
  '# yaml-language-server: $schema=../schemas/accounts-lock.schema.json',
  '# Ids of the live organization, written by `lz accounts sync` (and `lz org import`). Edits are',
  '# overwritten at the next sync; change config/*.yaml instead.',
];

/** The config account of each live account, by email. */
export interface AccountMatch {
  readonly matched: ReadonlyArray<{ readonly spec: AccountSpec; readonly live: LiveAccount }>;
  /** Live accounts config does not declare (the management account excepted). */
  readonly unknown: readonly LiveAccount[];
  /** Config accounts the organization does not have yet (the management account excepted). */
  readonly missing: readonly AccountSpec[];
}

export function matchAccounts(lz: LandingZone, live: LiveOrganization): AccountMatch {
  const byEmail = new Map(live.accounts.map((a) => [a.email.toLowerCase(), a]));
  const matched: { spec: AccountSpec; live: LiveAccount }[] = [];
  const missing: AccountSpec[] = [];
  const used = new Set<string>([live.managementAccountId]);
  for (const spec of lz.accounts) {
    if (spec.kind === 'management') continue;
    const a = byEmail.get(spec.email.toLowerCase());
    if (a && a.id !== live.managementAccountId) {
      matched.push({ spec, live: a });
      used.add(a.id);
    } else missing.push(spec);
  }
  const unknown = live.accounts.filter((a) => !used.has(a.id)).sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
  return { matched, unknown, missing };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The stable name of a live target (root, OU or account), or undefined when config does not know it. */
export function liveTargetNames(lz: LandingZone, live: LiveOrganization): Map<string, string> {
  const names = new Map<string, string>([[live.rootId, 'root']]);
  for (const ou of live.organizationalUnits) names.set(ou.id, `ou:${ou.path}`);
  for (const { spec, live: a } of matchAccounts(lz, live).matched) names.set(a.id, `account:${spec.name}`);
  names.set(live.managementAccountId, `account:${lz.organization.managementAccount.name}`);
  return names;
}

export function buildLock(lz: LandingZone, live: LiveOrganization): AccountsLock {
  const { matched, unknown } = matchAccounts(lz, live);
  const accounts: AccountsLock['accounts'] = {};
  for (const { spec, live: a } of [...matched].sort((x, y) => cmp(x.spec.name, y.spec.name))) {
    accounts[spec.name] = { id: a.id, email: spec.email, ouPath: a.ouPath, status: a.status };
  }
  const organizationalUnits: Record<string, string> = {};
  for (const ou of [...live.organizationalUnits].sort((a, b) => cmp(a.path, b.path))) organizationalUnits[ou.path] = ou.id;
  const targets = liveTargetNames(lz, live);
  const serviceControlPolicies: NonNullable<AccountsLock['serviceControlPolicies']> = {};
  for (const p of live.serviceControlPolicies) {
    if (p.awsManaged || !lz.organization.serviceControlPolicies[p.name]) continue;
    const attachedTo = p.targetIds.map((id) => targets.get(id)).filter((t): t is string => t !== undefined).sort();
    serviceControlPolicies[p.name] = { id: p.id, attachedTo };
  }
  const resourceControlPolicies: NonNullable<AccountsLock['resourceControlPolicies']> = {};
  for (const p of live.resourceControlPolicies) {
    if (p.awsManaged || !Object.hasOwn(lz.organization.resourceControlPolicies ?? {}, p.name)) continue;
    const attachedTo = p.targetIds.map((id) => targets.get(id)).filter((t): t is string => t !== undefined).sort();
    resourceControlPolicies[p.name] = { id: p.id, attachedTo };
  }
  return {
    organizationId: live.organizationId,
    rootId: live.rootId,
    managementAccountId: live.managementAccountId,
    accounts,
    ...(unknown.length
      ? { unmanaged: unknown.map((a) => ({ name: a.name, id: a.id, email: a.email, ouPath: a.ouPath, status: a.status })) }
      : {}),
    ...(Object.keys(organizationalUnits).length ? { organizationalUnits } : {}),
    ...(Object.keys(serviceControlPolicies).length ? { serviceControlPolicies } : {}),
    ...(Object.keys(resourceControlPolicies).length ? { resourceControlPolicies } : {}),
    // What lz org import found running in accounts that still exist is kept across syncs.
    ...adoptedOf(lz.lock?.adopted, accounts),
  };
}

function adoptedOf(adopted: AccountsLock['adopted'], accounts: AccountsLock['accounts']): Pick<AccountsLock, 'adopted'> {
  const kept = Object.fromEntries(Object.entries(adopted ?? {}).filter(([name]) => accounts[name]));
  return Object.keys(kept).length ? { adopted: kept } : {};
}

const PLAIN = /^[A-Za-z_][A-Za-z0-9_./@+-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

/** A YAML scalar: plain when that reads back as the same string, double-quoted (JSON) otherwise. */
function scalar(value: string): string {
  return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

function flow(entries: ReadonlyArray<[string, string | readonly string[]]>): string {
  const parts = entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? scalar(v) : `[${v.map(scalar).join(', ')}]`}`);
  return `{ ${parts.join(', ')} }`;
}

/** The lock file's text: header, then every section in a fixed order with keys sorted. */
export function formatLock(lock: AccountsLock): string {
  const lines = [...LOCK_HEADER];
  lines.push(`organizationId: ${scalar(lock.organizationId)}`, `rootId: ${scalar(lock.rootId)}`);
  lines.push(`managementAccountId: ${JSON.stringify(lock.managementAccountId)}`);
  const names = Object.keys(lock.accounts).sort();
  lines.push(names.length ? 'accounts:' : 'accounts: {}');
  for (const name of names) {
    const a = lock.accounts[name];
    lines.push(`  ${scalar(name)}: { id: ${JSON.stringify(a.id)}, email: ${scalar(a.email)}, ouPath: ${JSON.stringify(a.ouPath)}, status: ${a.status} }`);
  }
  if (lock.unmanaged?.length) {
    lines.push('# In the organization but not in config: declare them in config/, or leave them unmanaged.');
    lines.push('unmanaged:');
    for (const a of lock.unmanaged) {
      lines.push(`  - { name: ${scalar(a.name)}, id: ${JSON.stringify(a.id)}, email: ${scalar(a.email)}, ouPath: ${JSON.stringify(a.ouPath)}, status: ${a.status} }`);
    }
  }
  const ous = Object.keys(lock.organizationalUnits ?? {}).sort();
  if (ous.length) {
    lines.push('organizationalUnits:');
    for (const path of ous) lines.push(`  ${scalar(path)}: ${scalar(lock.organizationalUnits![path])}`);
  }
  for (const key of ['serviceControlPolicies', 'resourceControlPolicies'] as const) {
    const policies = lock[key] ?? {};
    const names = Object.keys(policies).sort();
    if (!names.length) continue;
    lines.push(`${key}:`);
    for (const name of names) lines.push(`  ${scalar(name)}: ${flow([['id', policies[name].id], ['attachedTo', [...policies[name].attachedTo].sort()]])}`);
  }
  const adopted = Object.keys(lock.adopted ?? {}).sort();
  if (adopted.length) {
    lines.push('# Found running in existing accounts by lz org import: their baselines import it instead of creating it.');
    lines.push('adopted:');
    for (const name of adopted) {
      const a = lock.adopted![name];
      lines.push(`  ${scalar(name)}:`);
      for (const field of ['configRecorders', 'deliveryChannels'] as const) {
        const byRegion = a[field] ?? {};
        const regions = Object.keys(byRegion).sort();
        if (regions.length) lines.push(`    ${field}: ${flow(regions.map((r) => [r, byRegion[r]]))}`);
      }
      if (a.configServiceLinkedRole) lines.push('    configServiceLinkedRole: true');
    }
  }
  return `${lines.join('\n')}\n`;
}

export function lockPath(lz: LandingZone): string {
  return join(lz.configDir, LOCK_FILE);
}

/** Writes the lock atomically; returns whether the bytes changed. */
export function writeLock(file: string, lock: AccountsLock, previous: string | undefined): boolean {
  const text = formatLock(lock);
  if (text === previous) return false;
  writeFileAtomic(file, text);
  return true;
}
