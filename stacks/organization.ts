/**
 * Stack 2, in the management account: the organization itself, its OUs, the accounts (never
 * closed by a config change), the service and resource control policies and where they are attached.
 */
import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { OrganizationsAccount } from '@cdktf/provider-aws/lib/organizations-account';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { OrganizationsOrganization } from '@cdktf/provider-aws/lib/organizations-organization';
import { OrganizationsOrganizationalUnit } from '@cdktf/provider-aws/lib/organizations-organizational-unit';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { RamSharingWithOrganization } from '@cdktf/provider-aws/lib/ram-sharing-with-organization';
import { coreAccount, type AccountSpec, type LandingZone } from '../src/config/model';
import { minified } from '../src/policies/document';
import { recordPolicy } from '../src/policies/registry';
import { renderScps, type RenderedOrganizationPolicy } from '../src/policies/scps';
import { renderRcps } from '../src/policies/rcps';
import { organizationIdOf } from '../src/config/lock';
import { LzError } from '../src/errors';
import { liveIds, type LiveIds } from '../src/org/live-ids';
import { addressName, LandingZoneStack } from './landing-zone-stack';
import { terraformPolicy } from '../modules/terraform-literal';

// What the organization stage publishes to later stages lives in the contract; kept importable from here.
export { AUDIT_DELEGATED_SERVICES, organizationPolicyTypes, organizationTrustedServices, POLICY_TYPES, TRUSTED_SERVICES } from '../src/contract/organization';
import { AUDIT_DELEGATED_SERVICES, organizationPolicyTypes, organizationTrustedServices } from '../src/contract/organization';

/** The stable target names used in attachments and in the policy model. */
export function targetName(target: { kind: 'root' } | { kind: 'ou'; path: string } | { kind: 'account'; name: string }): string {
  return target.kind === 'root' ? 'root' : target.kind === 'ou' ? `ou:${target.path}` : `account:${target.name}`;
}

/** What differs between SCPs and RCPs in the organization stack. */
interface OrganizationPolicyKind {
  readonly type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  /** Of the Terraform addresses: scp-NAME, rcp-NAME-TARGET. */
  readonly prefix: string;
  readonly recordKind: 'service-control-policy' | 'resource-control-policy';
  readonly recordName: (name: string) => string;
  /** The policies of this kind a root, OU or account declares. */
  readonly attachedAt: (holder: { readonly serviceControlPolicies?: readonly string[]; readonly resourceControlPolicies?: readonly string[] }) => readonly string[];
  /** Readable stand-ins in the documents and the Terraform references they become. */
  readonly references?: ReadonlyArray<readonly [string, string]>;
  readonly live: { policy(name: string): string | undefined; attachment(name: string, target: string): string | undefined };
}

export class OrganizationStack extends LandingZoneStack {
  readonly organization: OrganizationsOrganization;
  readonly organizationalUnits = new Map<string, OrganizationsOrganizationalUnit>();
  readonly accounts = new Map<string, OrganizationsAccount>();
  /** What already exists (ids from config/accounts.lock.yaml) is imported, never created again. */
  private readonly live: LiveIds;

  constructor(scope: Construct, lz: LandingZone) {
    super(scope, 'organization', lz);
    this.live = liveIds(lz);
    this.provider({ account: lz.organization.managementAccount.name, region: lz.organization.homeRegion });

    this.organization = new OrganizationsOrganization(this, 'organization', {
      featureSet: 'ALL',
      enabledPolicyTypes: organizationPolicyTypes(lz),
      awsServiceAccessPrincipals: organizationTrustedServices(lz),
      lifecycle: { preventDestroy: true },
    });
    if (this.live.organization) this.organization.importFrom(this.live.organization);
    const rootId = this.organization.roots.get(0).id;

    for (const ou of lz.organizationalUnits) {
      this.organizationalUnits.set(
        ou.path,
        new OrganizationsOrganizationalUnit(this, `ou-${addressName(ou.path)}`, {
          name: ou.name,
          parentId: ou.parent ? this.organizationalUnits.get(ou.parent)!.id : rootId,
          tags: { 'managed-by': 'landing-zone', 'ou-path': ou.path },
        }),
      );
      const ouId = this.live.ou(ou.path);
      if (ouId) this.organizationalUnits.get(ou.path)!.importFrom(ouId);
    }

    // AWS creates accounts one at a time (CreateAccount is asynchronous and limits concurrent
    // requests), so each account waits for the one before it in config order. Config order is stable:
    // a new account joins the chain where its name sorts, which changes no existing account's address.
    let previous: OrganizationsAccount | undefined;
    for (const account of lz.accounts) {
      if (account.kind === 'management') continue;
      previous = this.account(account, previous);
      this.accounts.set(account.name, previous);
    }

    new RamSharingWithOrganization(this, 'ram-sharing', { dependsOn: [this.organization] });
    const audit = this.accounts.get(coreAccount(lz, 'audit').name)!;
    for (const service of AUDIT_DELEGATED_SERVICES) {
      new OrganizationsDelegatedAdministrator(this, `delegated-admin-${service.split('.')[0]}`, {
        accountId: audit.id,
        servicePrincipal: service,
        dependsOn: [this.organization],
      });
    }

    this.serviceControlPolicies(rootId);
    this.resourceControlPolicies(rootId);

    new TerraformOutput(this, 'organization_id', { value: this.organization.id });
    new TerraformOutput(this, 'root_id', { value: rootId });
  }

  private account(account: AccountSpec, after: OrganizationsAccount | undefined): OrganizationsAccount {
    const ouPath = account.state === 'suspended' ? this.lz.suspendedOu : account.ou;
    const resource = new OrganizationsAccount(this, `account-${account.name}`, {
      name: account.name,
      email: account.email,
      parentId: this.organizationalUnits.get(ouPath)!.id,
      roleName: this.lz.roles.bootstrap,
      iamUserAccessToBilling: 'DENY',
      // Removing an account from config must never close it: closing is `lz account close`.
      closeOnDeletion: false,
      tags: { ...account.tags, state: account.state },
      dependsOn: after ? [after] : undefined,
      lifecycle: {
        preventDestroy: true,
        // AWS does not return these after creation; without this an import would plan a replacement.
        ignoreChanges: ['role_name', 'iam_user_access_to_billing'],
      },
    });
    const id = this.live.account(account.name);
    if (id) resource.importFrom(id);
    return resource;
  }

  private serviceControlPolicies(rootId: string): void {
    const { scps, problems } = renderScps(this.lz);
    if (problems.length) throw new LzError(problems);
    this.organizationPolicies(rootId, scps, {
      type: 'SERVICE_CONTROL_POLICY',
      prefix: 'scp',
      recordKind: 'service-control-policy',
      // The review names SCPs by their own name, RCPs as rcp-NAME.
      recordName: (name) => name,
      attachedAt: (holder) => holder.serviceControlPolicies ?? [],
      live: { policy: (name) => this.live.policy(name), attachment: (name, target) => this.live.attachment(name, target) },
    });
  }

  /**
   * RCPs and their attachments. The organization id in a document (aws:PrincipalOrgID) is the
   * organization resource's own, so the policy holds the right id even on the apply that creates
   * the organization; the recorded document keeps the lock file's id for review.
   */
  private resourceControlPolicies(rootId: string): void {
    const { rcps, problems } = renderRcps(this.lz);
    if (problems.length) throw new LzError(problems);
    this.organizationPolicies(rootId, rcps, {
      type: 'RESOURCE_CONTROL_POLICY',
      prefix: 'rcp',
      recordKind: 'resource-control-policy',
      recordName: (name) => `rcp-${name}`,
      attachedAt: (holder) => holder.resourceControlPolicies ?? [],
      references: [[organizationIdOf(this.lz), this.organization.id]],
      live: { policy: (name) => this.live.rcp(name), attachment: (name, target) => this.live.rcpAttachment(name, target) },
    });
  }

  /** One kind of organization policy: each policy, recorded for review, and its attachments (root, OUs, member accounts), imported where live. */
  private organizationPolicies(rootId: string, policies: readonly RenderedOrganizationPolicy[], spec: OrganizationPolicyKind): void {
    const lz = this.lz;
    const targets: { name: string; id: string; policies: readonly string[] }[] = [
      { name: targetName({ kind: 'root' }), id: rootId, policies: lz.organization.root ? spec.attachedAt(lz.organization.root) : [] },
      ...lz.organizationalUnits.map((ou) => ({ name: targetName({ kind: 'ou', path: ou.path }), id: this.organizationalUnits.get(ou.path)!.id, policies: spec.attachedAt(ou) })),
      ...lz.accounts
        .filter((a) => a.kind !== 'management')
        .map((a) => ({ name: targetName({ kind: 'account', name: a.name }), id: this.accounts.get(a.name)!.id, policies: spec.attachedAt(a) })),
    ];
    for (const p of policies) {
      const attachedTo = targets.filter((t) => t.policies.includes(p.name));
      recordPolicy(this, { name: spec.recordName(p.name), kind: spec.recordKind, document: p.document, attachedTo: attachedTo.map((t) => t.name), template: p.file });
      const policy = new OrganizationsPolicy(this, `${spec.prefix}-${p.name}`, {
        name: p.name,
        description: p.description,
        type: spec.type,
        content: terraformPolicy(minified(p.document), spec.references),
        tags: { 'managed-by': 'landing-zone' },
        // Attaching waits for the policy type, which the organization resource enables.
        dependsOn: [this.organization],
      });
      const policyId = spec.live.policy(p.name);
      if (policyId) policy.importFrom(policyId);
      for (const target of attachedTo) {
        const attachment = new OrganizationsPolicyAttachment(this, `${spec.prefix}-${p.name}-${addressName(target.name.replace(':', '-'))}`, { policyId: policy.id, targetId: target.id });
        const attachmentId = spec.live.attachment(p.name, target.name);
        if (attachmentId) attachment.importFrom(attachmentId);
      }
    }
  }
}
