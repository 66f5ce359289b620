/**
 * `lz account close`: the last step of retiring an account, and the only one that closes it.
 * It refuses unless config already says `state: suspended` and the account sits in the suspended
 * OU (so it has been deployed under the deny-all SCP), its baseline has taken it off the network
 * hub (once it is closed nothing can act in it, so an attachment left then would stay for good),
 * the account is at least 7 days old, and the AWS close quota (10% of member accounts per rolling
 * 30 days, at least 10, at most 1,000) has room. What it did is appended to
 * config/account-closures.yaml, and the lock file records the account PENDING_CLOSURE, so its
 * baseline leaves the app at the next synth.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloseAccountCommand } from '@aws-sdk/client-organizations';
import { EXIT, LzError } from '../errors';
import type { LandingZone } from '../config/model';
import { baselineStackName } from '../contract/names';
import { displayPath } from '../config/paths';
import { YamlFile } from '../config/yaml-file';
import { writeFileAtomic } from './atomic-write';
import type { OrgApi } from './client';
import { callerIdentity, readLiveOrganization } from './live';
import { lockPath, writeLock } from './lock-file';
import { hubMembership, type StateReadOptions } from './network-leave';

export const CLOSURES_FILE = 'account-closures.yaml';
export const MIN_AGE_DAYS = 7;
const DAY = 86_400_000;

export interface Closure {
  readonly name: string;
  readonly id: string;
  readonly email: string;
  readonly closedAt: string;
  readonly by: string;
}

/** Closures AWS allows per rolling 30 days for an organization of `members` member accounts. */
export function closeQuota(members: number): number {
  return Math.min(1000, Math.max(10, Math.floor(members / 10)));
}

/** The closures recorded so far; read like every input (inside the project, bounded), so a bad file is refused, not followed. */
function readClosures(file: string, projectDir: string): Closure[] {
  if (!existsSync(file) && !isLink(file)) return [];
  const { yaml, problems } = YamlFile.read(file, displayPath(file), projectDir);
  if (!yaml) throw new LzError(problems);
  const doc = yaml.value() as { closures?: Closure[] } | null;
  return Array.isArray(doc?.closures) ? doc.closures : [];
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function formatClosures(closures: readonly Closure[]): string {
  const lines = [
    '# Accounts closed with `lz account close`, oldest first. Written by lz; keep it in version control.',
    'closures:',
    ...closures.map(
      (c) => `  - { name: ${c.name}, id: ${JSON.stringify(c.id)}, email: ${JSON.stringify(c.email)}, closedAt: ${JSON.stringify(c.closedAt)}, by: ${JSON.stringify(c.by)} }`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

export async function closeAccount(lz: LandingZone, api: OrgApi, name: string, options: { now?: Date; state?: StateReadOptions } = {}): Promise<{ closure: Closure; file: string }> {
  const now = options.now ?? new Date();
  const spec = lz.accounts.find((a) => a.name === name);
  const bad = (message: string, fix: string, exit: number = EXIT.badInput) => LzError.of(spec ? spec.source.file : 'command line', message, fix, exit);
  if (!spec) throw bad(`account ${name} is not in config`, `name one of ${lz.accounts.filter((a) => a.kind !== 'management').map((a) => a.name).join(', ')}`);
  if (spec.kind === 'management') throw bad(`${name} is the management account, which cannot be closed from here`, 'close the organization\'s management account in the AWS console, after every member account has left');
  if (spec.state !== 'suspended') {
    throw bad(
      `account ${name} has state: ${spec.state}; only a suspended account can be closed`,
      `first set state: suspended at ${spec.source.path} and run lz deploy ${baselineStackName(name)} (the organization stack moves the account to ${lz.suspendedOu} under the deny-all SCP, then its baseline takes it off the network hub); then run lz account close ${name} --confirm ${name}`,
    );
  }
  const live = await readLiveOrganization(api);
  const account = live.accounts.find((a) => a.email.toLowerCase() === spec.email.toLowerCase());
  if (!account) throw bad(`account ${name} (${spec.email}) is not in the organization`, 'check the email in config; run lz accounts sync', EXIT.failure);
  if (account.status !== 'ACTIVE') {
    throw bad(`account ${name} (${account.id}) is already ${account.status}`, 'nothing to do: AWS removes it from the organization after 90 days; keep it in config with state: suspended until then', EXIT.failure);
  }
  if (account.ouPath !== lz.suspendedOu) {
    throw bad(
      `account ${name} (${account.id}) is in ${account.ouPath || 'the root'}, not in ${lz.suspendedOu}`,
      `run lz deploy ${baselineStackName(name)} first, so that it moves to ${lz.suspendedOu} under the deny-all SCP and leaves the network hub`,
      EXIT.failure,
    );
  }
  const hub = await hubMembership(lz, name, options.state ?? { endpointUrl: api.endpointUrl });
  if (hub.addresses.length) {
    throw bad(
      `account ${name} (${account.id}) is still on the network hub: ${hub.state} holds ${hub.addresses.join(', ')}`,
      `run lz deploy ${baselineStackName(name)} first: with state: suspended its plan destroys the attachment, its association and propagations and the routes to the hub; then run lz account close ${name} --confirm ${name}`,
      EXIT.failure,
    );
  }
  if (account.joinedAt && now.getTime() - account.joinedAt.getTime() < MIN_AGE_DAYS * DAY) {
    const from = new Date(account.joinedAt.getTime() + MIN_AGE_DAYS * DAY).toISOString();
    throw bad(`account ${name} (${account.id}) joined on ${account.joinedAt.toISOString()}, less than ${MIN_AGE_DAYS} days ago`, `AWS closes accounts that are at least ${MIN_AGE_DAYS} days old: run it again after ${from}`, EXIT.failure);
  }
  const file = join(lz.configDir, CLOSURES_FILE);
  const closures = readClosures(file, lz.projectDir);
  const members = live.accounts.filter((a) => a.id !== live.managementAccountId).length;
  const recent = new Set([
    ...closures.filter((c) => now.getTime() - Date.parse(c.closedAt) < 30 * DAY).map((c) => c.id),
    // Accounts closed outside lz count too; a suspended account may be older than 30 days, so this errs on the safe side.
    ...live.accounts.filter((a) => a.status !== 'ACTIVE').map((a) => a.id),
  ]);
  const quota = closeQuota(members);
  if (recent.size >= quota) {
    throw bad(`${recent.size} accounts were closed in the last 30 days, the most AWS allows for ${members} member accounts (${quota})`, 'wait until the oldest closure is 30 days old, then run it again', EXIT.failure);
  }
  const caller = await callerIdentity(api);
  await api.call('organizations:CloseAccount', (abortSignal) => api.organizations.send(new CloseAccountCommand({ AccountId: account.id }), { abortSignal }));
  const closure: Closure = { name, id: account.id, email: account.email, closedAt: now.toISOString(), by: caller.arn };
  writeFileAtomic(file, formatClosures([...closures, closure]));
  recordClosing(lz, name, account.id, account.ouPath);
  return { closure, file: displayPath(file) };
}

/**
 * The lock file records the account PENDING_CLOSURE (AWS's status right after CloseAccount), so
 * the next synth drops its baseline: nothing can be applied in a closed account. `lz accounts sync`
 * later writes whatever AWS reports. Without a lock entry there is no baseline to drop.
 */
function recordClosing(lz: LandingZone, name: string, id: string, ouPath: string): void {
  const entry = lz.lock?.accounts[name];
  if (!lz.lock || !entry) return;
  const file = lockPath(lz);
  writeLock(file, { ...lz.lock, accounts: { ...lz.lock.accounts, [name]: { ...entry, id, ouPath, status: 'PENDING_CLOSURE' } } }, readFileSync(file, 'utf8'));
}
