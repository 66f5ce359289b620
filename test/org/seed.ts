/**
 * Builds organizations in moto through the Organizations API itself, as an administrator would:
 * create the organization, the OU tree, accounts, SCPs and their attachments.
 */
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { LandingZone } from '../../src/config/model';
import { minified } from '../../src/policies/document';
import { renderScps } from '../../src/policies/scps';
import { renderRcps } from '../../src/policies/rcps';

export interface SeedSpec {
  /** OU paths, parents first. */
  readonly ous: readonly string[];
  readonly accounts: ReadonlyArray<{ readonly name: string; readonly email: string; readonly ou: string }>;
  /** Targets as `root`, `ou:PATH` or `account:NAME`. */
  readonly scps: ReadonlyArray<{ readonly name: string; readonly content: string; readonly targets: readonly string[] }>;
  /** Resource control policies, likewise (the root needs RESOURCE_CONTROL_POLICY in policyTypes). */
  readonly rcps?: ReadonlyArray<{ readonly name: string; readonly content: string; readonly targets: readonly string[] }>;
  readonly policyTypes?: readonly string[];
  readonly trustedServices?: readonly string[];
}

export interface Seeded {
  readonly rootId: string;
  readonly ouIds: Map<string, string>;
  readonly accountIds: Map<string, string>;
  readonly policyIds: Map<string, string>;
}

export function client(url: string): OrganizationsClient {
  return new OrganizationsClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
}

async function pool<T>(items: readonly T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

export async function seed(url: string, spec: SeedSpec): Promise<Seeded> {
  const org = client(url);
  try {
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
    for (const type of spec.policyTypes ?? []) await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: type as never }));
    for (const service of spec.trustedServices ?? []) await org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: service }));
    const ouIds = new Map<string, string>();
    for (const path of spec.ous) {
      const parts = path.split('/');
      const parent = parts.length > 1 ? ouIds.get(parts.slice(0, -1).join('/'))! : rootId;
      const out = await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: parts[parts.length - 1] }));
      ouIds.set(path, out.OrganizationalUnit!.Id!);
    }
    const accountIds = new Map<string, string>();
    await pool(spec.accounts, 8, async (a) => {
      const out = await org.send(new CreateAccountCommand({ AccountName: a.name, Email: a.email }));
      const id = out.CreateAccountStatus!.AccountId!;
      accountIds.set(a.name, id);
      if (a.ou) await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ouIds.get(a.ou)! }));
    });
    const targetId = (t: string) =>
      t === 'root' ? rootId : t.startsWith('ou:') ? ouIds.get(t.slice(3))! : accountIds.get(t.slice('account:'.length))!;
    const policyIds = new Map<string, string>();
    const policies = [
      ...spec.scps.map((p) => ({ ...p, type: 'SERVICE_CONTROL_POLICY' as const, key: p.name })),
      ...(spec.rcps ?? []).map((p) => ({ ...p, type: 'RESOURCE_CONTROL_POLICY' as const, key: `rcp:${p.name}` })),
    ];
    for (const policy of policies) {
      const out = await org.send(new CreatePolicyCommand({ Name: policy.name, Description: policy.name, Type: policy.type, Content: policy.content }));
      const id = out.Policy!.PolicySummary!.Id!;
      policyIds.set(policy.key, id);
      for (const t of policy.targets) await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: targetId(t) }));
    }
    return { rootId, ouIds, accountIds, policyIds };
  } finally {
    org.destroy();
  }
}

/** The organization exactly as config declares it: what a clean apply of the organization stack builds. */
export function specOf(lz: LandingZone): SeedSpec {
  const targetsOf = (name: string, field: 'serviceControlPolicies' | 'resourceControlPolicies' = 'serviceControlPolicies'): string[] => [
    ...((lz.organization.root?.[field] ?? []).includes(name) ? ['root'] : []),
    ...lz.organizationalUnits.filter((o) => o[field].includes(name)).map((o) => `ou:${o.path}`),
    ...lz.accounts.filter((a) => a[field].includes(name)).map((a) => `account:${a.name}`),
  ];
  return {
    ous: lz.organizationalUnits.map((o) => o.path),
    accounts: lz.accounts
      .filter((a) => a.kind !== 'management')
      .map((a) => ({ name: a.name, email: a.email, ou: a.state === 'suspended' ? lz.suspendedOu : a.ou })),
    scps: renderScps(lz).scps.map((s) => ({ name: s.name, content: minified(s.document), targets: targetsOf(s.name) })),
    rcps: renderRcps(lz).rcps.map((s) => ({ name: s.name, content: minified(s.document), targets: targetsOf(s.name, 'resourceControlPolicies') })),
    policyTypes: ['RESOURCE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY', 'TAG_POLICY'],
    trustedServices: [
      'access-analyzer.amazonaws.com',
      'cloudtrail.amazonaws.com',
      'config-multiaccountsetup.amazonaws.com',
      'config.amazonaws.com',
      'guardduty.amazonaws.com',
      'ram.amazonaws.com',
      'securityhub.amazonaws.com',
      'sso.amazonaws.com',
    ],
  };
}
