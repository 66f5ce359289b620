/**
 * A snapshot of the live organization, read with list calls only: the root, the OU tree, every
 * account with its parent, every service control policy with its content and targets, the
 * trusted services. Sync, import, drift and preflight all compare config with one of these.
 */
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { OrgApi } from './client';

export interface LiveOu {
  readonly id: string;
  readonly name: string;
  /** Path from the root, e.g. `Workloads/Prod`. */
  readonly path: string;
  readonly parentId: string;
}

export type AccountStatus = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';

export interface LiveAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly status: AccountStatus;
  /** When it joined the organization (created or invited). */
  readonly joinedAt?: Date;
  readonly parentId: string;
  /** Path of its OU; empty at the root. */
  readonly ouPath: string;
}

export interface LivePolicy {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly awsManaged: boolean;
  readonly content: string;
  /** Ids of the root, OUs and accounts it is attached to, sorted. */
  readonly targetIds: readonly string[];
}

export interface LiveOrganization {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly featureSet: string;
  readonly rootId: string;
  /** Policy types enabled on the root, e.g. SERVICE_CONTROL_POLICY. */
  readonly enabledPolicyTypes: readonly string[];
  /** Parents before children; siblings by name. */
  readonly organizationalUnits: readonly LiveOu[];
  /** By id. */
  readonly accounts: readonly LiveAccount[];
  /** Service control policies by name. */
  readonly serviceControlPolicies: readonly LivePolicy[];
  /** Resource control policies by name; none while the root has the type disabled. */
  readonly resourceControlPolicies: readonly LivePolicy[];
  readonly trustedServices: readonly string[];
}

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
}

export async function callerIdentity(api: OrgApi): Promise<CallerIdentity> {
  const out = await api.call('sts:GetCallerIdentity', (abortSignal) => api.sts.send(new GetCallerIdentityCommand({}), { abortSignal }));
  return { account: out.Account ?? '', arn: out.Arn ?? '' };
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Reads the whole organization. Fails with one clear line when it cannot. */
export async function readLiveOrganization(api: OrgApi): Promise<LiveOrganization> {
  const org = api.organizations;
  const { Organization: o } = await api.call('organizations:DescribeOrganization', (abortSignal) =>
    org.send(new DescribeOrganizationCommand({}), { abortSignal }),
  );
  const roots = await api.paginate('organizations:ListRoots', async (NextToken, abortSignal) => {
    const out = await org.send(new ListRootsCommand({ NextToken }), { abortSignal });
    return { items: out.Roots, next: out.NextToken };
  });
  const root = roots[0];
  const rootId = root?.Id ?? '';

  const organizationalUnits: LiveOu[] = [];
  const walk = async (parentId: string, parentPath: string): Promise<void> => {
    const children = await api.paginate('organizations:ListOrganizationalUnitsForParent', async (NextToken, abortSignal) => {
      const out = await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken }), { abortSignal });
      return { items: out.OrganizationalUnits, next: out.NextToken };
    });
    const ous = children
      .map((c) => ({ id: c.Id ?? '', name: c.Name ?? '', path: parentPath ? `${parentPath}/${c.Name}` : (c.Name ?? ''), parentId }))
      .sort(byName);
    for (const ou of ous) {
      organizationalUnits.push(ou);
      await walk(ou.id, ou.path);
    }
  };
  await walk(rootId, '');

  // One ListAccountsForParent per parent gives every account's place in a few calls, where
  // ListParents would need one call per account.
  const parentOf = new Map<string, { id: string; path: string }>();
  for (const parent of [{ id: rootId, path: '' }, ...organizationalUnits]) {
    const accounts = await api.paginate('organizations:ListAccountsForParent', async (NextToken, abortSignal) => {
      const out = await org.send(new ListAccountsForParentCommand({ ParentId: parent.id, NextToken }), { abortSignal });
      return { items: out.Accounts, next: out.NextToken };
    });
    for (const a of accounts) parentOf.set(a.Id ?? '', { id: parent.id, path: parent.path });
  }
  const listed = await api.paginate('organizations:ListAccounts', async (NextToken, abortSignal) => {
    const out = await org.send(new ListAccountsCommand({ NextToken }), { abortSignal });
    return { items: out.Accounts, next: out.NextToken };
  });
  const accounts: LiveAccount[] = listed
    .map((a) => {
      const parent = parentOf.get(a.Id ?? '') ?? { id: rootId, path: '' };
      const status = (a.Status ?? 'ACTIVE') as AccountStatus;
      return {
        id: a.Id ?? '',
        name: a.Name ?? '',
        email: a.Email ?? '',
        status,
        joinedAt: a.JoinedTimestamp ? new Date(a.JoinedTimestamp) : undefined,
        parentId: parent.id,
        ouPath: parent.path,
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const enabledPolicyTypes = (root?.PolicyTypes ?? []).filter((t) => t.Status === 'ENABLED').map((t) => t.Type ?? '').sort();
  const livePolicies = async (type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY'): Promise<LivePolicy[]> => {
    const policies = await api.paginate('organizations:ListPolicies', async (NextToken, abortSignal) => {
      const out = await org.send(new ListPoliciesCommand({ Filter: type, NextToken }), { abortSignal });
      return { items: out.Policies, next: out.NextToken };
    });
    const found: LivePolicy[] = [];
    for (const p of policies) {
      const id = p.Id ?? '';
      const described = await api.call('organizations:DescribePolicy', (abortSignal) =>
        org.send(new DescribePolicyCommand({ PolicyId: id }), { abortSignal }),
      );
      const targets = await api.paginate('organizations:ListTargetsForPolicy', async (NextToken, abortSignal) => {
        const out = await org.send(new ListTargetsForPolicyCommand({ PolicyId: id, NextToken }), { abortSignal });
        return { items: out.Targets, next: out.NextToken };
      });
      found.push({
        id,
        name: p.Name ?? '',
        description: p.Description ?? '',
        awsManaged: p.AwsManaged === true,
        content: described.Policy?.Content ?? '',
        targetIds: targets.map((t) => t.TargetId ?? '').sort(),
      });
    }
    return found.sort(byName);
  };
  const serviceControlPolicies = await livePolicies('SERVICE_CONTROL_POLICY');
  // Only while the type is enabled can an RCP be attached (and bind anything).
  const resourceControlPolicies = enabledPolicyTypes.includes('RESOURCE_CONTROL_POLICY') ? await livePolicies('RESOURCE_CONTROL_POLICY') : [];

  const trusted = await api.paginate('organizations:ListAWSServiceAccessForOrganization', async (NextToken, abortSignal) => {
    const out = await org.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken }), { abortSignal });
    return { items: out.EnabledServicePrincipals, next: out.NextToken };
  });

  return {
    organizationId: o?.Id ?? '',
    managementAccountId: o?.MasterAccountId ?? '',
    featureSet: o?.FeatureSet ?? 'ALL',
    rootId,
    enabledPolicyTypes,
    organizationalUnits,
    accounts,
    serviceControlPolicies,
    resourceControlPolicies,
    trustedServices: trusted.map((s) => s.ServicePrincipal ?? '').sort(),
  };
}
