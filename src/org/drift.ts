/**
 * Drift: where the live organization differs from config in ways an apply did not cause. Each
 * finding names the account, OU or policy, what config says, what is live, and what to do.
 * Accounts and OUs config declares but the organization lacks are not drift: the next apply
 * creates them.
 */
import type { LandingZone } from '../config/model';
import { minified, type Json } from '../policies/document';
import { renderScps, scpTemplatePath } from '../policies/scps';
import { renderRcps, rcpTemplatePath } from '../policies/rcps';
import { displayPath } from '../config/paths';
import { liveTargetNames, matchAccounts } from './lock-file';
import type { LiveOrganization } from './live';

export type DriftKind =
  | 'account-in-wrong-ou'
  | 'account-not-in-config'
  | 'account-suspended'
  | 'scp-attached-by-hand'
  | 'scp-detached-by-hand'
  | 'scp-content-differs'
  | 'scp-not-in-config'
  | 'rcp-attached-by-hand'
  | 'rcp-detached-by-hand'
  | 'rcp-content-differs'
  | 'rcp-not-in-config';

export interface Drift {
  readonly kind: DriftKind;
  /** What drifted, by stable name: `account:payments-prod`, `scp:deny-all`. */
  readonly subject: string;
  readonly message: string;
  readonly fix: string;
}

const where = (ouPath: string) => (ouPath ? ouPath : 'the root');

function describeTarget(name: string): string {
  if (name === 'root') return 'the root';
  if (name.startsWith('ou:')) return `OU ${name.slice(3)}`;
  return `account ${name.slice('account:'.length)}`;
}

function normalized(content: string): string {
  try {
    return minified(JSON.parse(content) as Json);
  } catch {
    return content;
  }
}

export function findDrift(lz: LandingZone, live: LiveOrganization): Drift[] {
  const drift: Drift[] = [];
  const { matched, unknown } = matchAccounts(lz, live);

  for (const { spec, live: a } of matched) {
    const expected = spec.state === 'suspended' ? lz.suspendedOu : spec.ou;
    if (a.ouPath !== expected) {
      drift.push({
        kind: 'account-in-wrong-ou',
        subject: `account:${spec.name}`,
        message: `account ${spec.name} (${a.id}) is in ${where(a.ouPath)}; config puts it in ${expected}`,
        fix: `lz deploy organization moves it back; to keep it there, set ou: ${a.ouPath || '...'} in ${spec.source.file} ${spec.source.path}`,
      });
    }
    if (a.status !== 'ACTIVE' && spec.state === 'active') {
      drift.push({
        kind: 'account-suspended',
        subject: `account:${spec.name}`,
        message: `account ${spec.name} (${a.id}) is ${a.status} in the organization; config says it is active`,
        fix: `set state: suspended in ${spec.source.file} ${spec.source.path} to record that it was closed, or reopen it through AWS Support within 90 days`,
      });
    }
  }
  for (const a of unknown) {
    drift.push({
      kind: 'account-not-in-config',
      subject: `account-id:${a.id}`,
      message: `account ${a.name} (${a.id}, ${a.email}) in ${where(a.ouPath)} is ${a.status} in the organization but not in config`,
      fix: 'declare it in config (lz org import lists what config lacks), or suspend and close it',
    });
  }

  const targets = liveTargetNames(lz, live);
  drift.push(...policyDrift(lz, POLICY_KINDS.scp, live.serviceControlPolicies, targets));
  drift.push(...policyDrift(lz, POLICY_KINDS.rcp, live.resourceControlPolicies, targets));
  const order = (d: Drift) => `${d.kind}\u0000${d.subject}\u0000${d.message}`;
  return drift.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** What differs between SCPs and RCPs in drift: names, config fields, templates. */
interface PolicyKindSpec {
  readonly prefix: 'scp' | 'rcp';
  /** `SCP`, `RCP`. */
  readonly label: string;
  readonly field: 'serviceControlPolicies' | 'resourceControlPolicies';
  readonly defined: (lz: LandingZone) => Readonly<Record<string, unknown>>;
  readonly rendered: (lz: LandingZone) => ReadonlyMap<string, Json>;
  readonly template: (lz: LandingZone, name: string) => string;
  /** The fix for a live policy that config does not declare. */
  readonly declare: (name: string) => string;
}

const POLICY_KINDS: Readonly<Record<'scp' | 'rcp', PolicyKindSpec>> = {
  scp: {
    prefix: 'scp',
    label: 'SCP',
    field: 'serviceControlPolicies',
    defined: (lz) => lz.organization.serviceControlPolicies,
    rendered: (lz) => new Map(renderScps(lz).scps.map((s) => [s.name, s.document])),
    template: scpTemplatePath,
    declare: () => 'declare it in config (lz org import writes it there), or detach and delete it',
  },
  rcp: {
    prefix: 'rcp',
    label: 'RCP',
    field: 'resourceControlPolicies',
    defined: (lz) => lz.organization.resourceControlPolicies ?? {},
    rendered: (lz) => new Map(renderRcps(lz).rcps.map((s) => [s.name, s.document])),
    template: rcpTemplatePath,
    declare: (name) => `declare it under resourceControlPolicies in config with its document in policies/rcp/${name}.json, or detach and delete it`,
  },
};

/** Policies of one kind attached by hand, detached by hand, changed by hand, or not in config at all. */
function policyDrift(lz: LandingZone, kind: PolicyKindSpec, live: LiveOrganization['serviceControlPolicies'], targets: ReadonlyMap<string, string>): Drift[] {
  const drift: Drift[] = [];
  const liveTargetIds = new Map([...targets].map(([id, name]) => [name, id]));
  const attachedInConfig = new Map<string, Set<string>>();
  const attach = (policy: string, target: string) => {
    if (!attachedInConfig.has(policy)) attachedInConfig.set(policy, new Set());
    attachedInConfig.get(policy)!.add(target);
  };
  for (const p of lz.organization.root?.[kind.field] ?? []) attach(p, 'root');
  for (const ou of lz.organizationalUnits) for (const p of ou[kind.field]) attach(p, `ou:${ou.path}`);
  for (const a of lz.accounts) for (const p of a[kind.field]) attach(p, `account:${a.name}`);

  const defined = kind.defined(lz);
  const rendered = kind.rendered(lz);
  for (const p of live) {
    if (p.awsManaged) continue;
    const targetName = (id: string) => targets.get(id) ?? `account-id:${id}`;
    if (!Object.hasOwn(defined, p.name)) {
      if (p.targetIds.length) {
        drift.push({
          kind: `${kind.prefix}-not-in-config`,
          subject: `${kind.prefix}:${p.name}`,
          message: `${kind.label} ${p.name} (${p.id}) is not in config and is attached to ${p.targetIds.map((id) => describeTarget(targetName(id))).join(', ')}`,
          fix: kind.declare(p.name),
        });
      }
      continue;
    }
    const wanted = attachedInConfig.get(p.name) ?? new Set<string>();
    for (const id of p.targetIds) {
      const name = targetName(id);
      if (wanted.has(name)) continue;
      drift.push({
        kind: `${kind.prefix}-attached-by-hand`,
        subject: `${kind.prefix}:${p.name}`,
        message: `${kind.label} ${p.name} is attached to ${describeTarget(name)} (${id}); config does not attach it there`,
        fix: `lz deploy organization detaches it; to keep it, list ${p.name} under ${kind.field} of ${describeTarget(name)} in config`,
      });
    }
    for (const name of [...wanted].sort()) {
      const id = liveTargetIds.get(name);
      if (!id || p.targetIds.includes(id)) continue;
      drift.push({
        kind: `${kind.prefix}-detached-by-hand`,
        subject: `${kind.prefix}:${p.name}`,
        message: `${kind.label} ${p.name} is not attached to ${describeTarget(name)} (${id}); config attaches it there`,
        fix: 'lz deploy organization attaches it again',
      });
    }
    const doc = rendered.get(p.name);
    if (doc && normalized(p.content) !== minified(doc)) {
      drift.push({
        kind: `${kind.prefix}-content-differs`,
        subject: `${kind.prefix}:${p.name}`,
        message: `${kind.label} ${p.name} (${p.id}) differs from ${displayPath(kind.template(lz, p.name))} as rendered`,
        fix: 'lz deploy organization restores the file\'s version; to keep the live one, copy it into the file',
      });
    }
  }
  return drift;
}

export function formatDriftText(drift: readonly Drift[]): string {
  if (!drift.length) return 'No drift: the live organization matches config.';
  const lines = drift.map((d) => `${d.kind}: ${d.message}; ${d.fix}`);
  lines.push(`${drift.length} drift finding${drift.length === 1 ? '' : 's'}.`);
  return lines.join('\n');
}

export function formatDriftJson(drift: readonly Drift[]): string {
  return `${JSON.stringify({ drift: drift.map((d) => ({ kind: d.kind, subject: d.subject, message: d.message, fix: d.fix })), count: drift.length }, null, 2)}`;
}
