import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { REPO } from '../support/example';
import { resources, synthStack } from '../support/synth';

const lz = loadLandingZone(join(REPO, 'config'));
const { json, policies } = synthStack(lz, 'organization');

describe('organization stack', () => {
  it('keeps its state in the bootstrap bucket under its own key, with S3 native locking', () => {
    expect(json.terraform.backend.s3).toEqual({
      bucket: 'acme-landing-zone-state',
      key: 'organization/terraform.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      kms_key_id: 'alias/landing-zone-state',
      use_lockfile: true,
    });
  });

  it('enables all features, resource control, SCP and tag policies, and trusted access for the baseline services', () => {
    const org = resources(json, 'aws_organizations_organization').organization;
    expect(org.feature_set).toBe('ALL');
    expect(org.enabled_policy_types).toEqual(['RESOURCE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY', 'TAG_POLICY']);
    expect(org.aws_service_access_principals).toEqual([
      'access-analyzer.amazonaws.com',
      'cloudtrail.amazonaws.com',
      'config-multiaccountsetup.amazonaws.com',
      'config.amazonaws.com',
      'guardduty.amazonaws.com',
      'ram.amazonaws.com',
      'securityhub.amazonaws.com',
      'sso.amazonaws.com',
    ]);
    expect(org.lifecycle).toEqual({ prevent_destroy: true });
  });

  it('creates the OU tree with parents resolved by reference', () => {
    const ous = resources(json, 'aws_organizations_organizational_unit');
    expect(Object.keys(ous).sort()).toEqual([
      'ou-Infrastructure',
      'ou-Sandbox',
      'ou-Security',
      'ou-Suspended',
      'ou-Workloads',
      'ou-Workloads-NonProd',
      'ou-Workloads-Prod',
    ]);
    expect(ous['ou-Workloads'].parent_id).toBe('${aws_organizations_organization.organization.roots[0].id}');
    expect(ous['ou-Workloads-Prod'].parent_id).toBe('${aws_organizations_organizational_unit.ou-Workloads.id}');
    expect(ous['ou-Workloads-Prod'].name).toBe('Prod');
  });

  it('creates every member account, never closed on deletion and protected from destroy', () => {
    const accounts = resources(json, 'aws_organizations_account');
    expect(Object.keys(accounts)).toHaveLength(11); // the management account already exists
    for (const account of Object.values(accounts)) {
      expect(account.close_on_deletion).toBe(false);
      expect(account.lifecycle.prevent_destroy).toBe(true);
    }
    const payments = accounts['account-payments-prod'];
    expect(payments).toMatchObject({
      name: 'payments-prod',
      email: 'aws+payments-prod@acme.example',
      parent_id: '${aws_organizations_organizational_unit.ou-Workloads-Prod.id}',
      role_name: 'OrganizationAccountAccessRole',
      tags: { product: 'payments', environment: 'prod', 'cost-centre': 'CC-1042', 'managed-by': 'landing-zone', state: 'active' },
    });
  });

  it('moves a suspended account to the suspended OU', () => {
    const suspendedLz = {
      ...lz,
      accounts: lz.accounts.map((a) => (a.name === 'catalog-dev' ? { ...a, state: 'suspended' as const } : a)),
    };
    const account = resources(synthStack(suspendedLz, 'organization').json, 'aws_organizations_account')['account-catalog-dev'];
    expect(account.parent_id).toBe('${aws_organizations_organizational_unit.ou-Suspended.id}');
    expect(account.tags.state).toBe('suspended');
  });

  it('renders each SCP from its template with config values filled and attaches it where config says', () => {
    const scps = Object.fromEntries(Object.entries(resources(json, 'aws_organizations_policy')).filter(([, p]) => p.type === 'SERVICE_CONTROL_POLICY'));
    expect(Object.keys(scps).sort()).toEqual([
      'scp-deny-all',
      'scp-deny-leave-organization',
      'scp-deny-outside-allowed-regions',
      'scp-deny-root-user',
      'scp-protect-landing-zone',
      'scp-protect-log-archive',
    ]);
    const regions = JSON.parse(scps['scp-deny-outside-allowed-regions'].content);
    expect(regions.Statement[0].Condition).toEqual({ StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } });
    expect(scps['scp-deny-outside-allowed-regions'].type).toBe('SERVICE_CONTROL_POLICY');
    const protect = JSON.parse(scps['scp-protect-landing-zone'].content);
    // Every exemption is the bootstrap role alone; nothing in a member account may assume or pass it.
    const exemptions = protect.Statement.map((s: any) => `${s.Sid} ${s.Condition?.ArnNotLike?.['aws:PrincipalArn'] ?? 'no exemption'}`);
    expect(exemptions).toEqual([
      'ProtectSecurityServicesAndAccountSettings arn:aws:iam::*:role/OrganizationAccountAccessRole',
      'ProtectFlowLogsLogGroupsAndParameters arn:aws:iam::*:role/OrganizationAccountAccessRole',
      'ProtectLandingZoneRoles arn:aws:iam::*:role/OrganizationAccountAccessRole',
      'ProtectLandingZonePolicies arn:aws:iam::*:role/OrganizationAccountAccessRole',
      'OnlyTheBootstrapRoleChangesItself arn:aws:iam::*:role/OrganizationAccountAccessRole',
      'NoMemberAccountAssumesOrPassesTheBootstrapRole no exemption',
    ]);
    expect(protect.Statement[5]).toEqual({
      Sid: 'NoMemberAccountAssumesOrPassesTheBootstrapRole',
      Effect: 'Deny',
      Action: ['iam:PassRole', 'sts:AssumeRole'],
      Resource: 'arn:aws:iam::*:role/OrganizationAccountAccessRole',
    });
    expect(protect.Statement[2].Resource).toContain('arn:aws:iam::*:role/LandingZoneAuditor');

    const attachments = resources(json, 'aws_organizations_policy_attachment');
    const pairs = Object.values(attachments).map((a: any) => `${a.policy_id} -> ${a.target_id}`).filter((p) => p.includes('.scp-')).sort();
    expect(pairs).toEqual([
      '${aws_organizations_policy.scp-deny-all.id} -> ${aws_organizations_organizational_unit.ou-Suspended.id}',
      '${aws_organizations_policy.scp-deny-leave-organization.id} -> ${aws_organizations_organization.organization.roots[0].id}',
      '${aws_organizations_policy.scp-deny-outside-allowed-regions.id} -> ${aws_organizations_organization.organization.roots[0].id}',
      '${aws_organizations_policy.scp-deny-root-user.id} -> ${aws_organizations_organization.organization.roots[0].id}',
      '${aws_organizations_policy.scp-protect-landing-zone.id} -> ${aws_organizations_organization.organization.roots[0].id}',
      '${aws_organizations_policy.scp-protect-log-archive.id} -> ${aws_organizations_organizational_unit.ou-Security.id}',
    ]);
  });

  it('records every SCP in the policy model with its attachments', () => {
    const scps = policies.filter((p) => p.kind === 'service-control-policy');
    expect(scps.map((p) => [p.name, p.attachedTo])).toEqual([
      ['deny-all', ['ou:Suspended']],
      ['deny-leave-organization', ['root']],
      ['deny-outside-allowed-regions', ['root']],
      ['deny-root-user', ['root']],
      ['protect-landing-zone', ['root']],
      ['protect-log-archive', ['ou:Security']],
    ]);
    // AND besides them the policy model holds the RCPs, and nothing else
    expect(policies.filter((p) => p.kind !== 'service-control-policy').map((p) => [p.name, p.kind, p.attachedTo])).toEqual([
      ['rcp-product-roles-in-organization', 'resource-control-policy', ['root']],
    ]);
  });

  describe('resource control policies', () => {
    const rcp = resources(json, 'aws_organizations_policy')['rcp-product-roles-in-organization'];

    it('creates the RCP as a RESOURCE_CONTROL_POLICY after the organization enables the type, attached at the root', () => {
      expect([rcp.name, rcp.type, rcp.depends_on, rcp.tags]).toEqual([
        'product-roles-in-organization',
        'RESOURCE_CONTROL_POLICY',
        ['aws_organizations_organization.organization'],
        { 'managed-by': 'landing-zone' },
      ]);
      const attachments = Object.entries(resources(json, 'aws_organizations_policy_attachment')).filter(([name]) => name.startsWith('rcp-'));
      expect(attachments.map(([name, a]) => [name, a.policy_id, a.target_id])).toEqual([
        ['rcp-product-roles-in-organization-root', '${aws_organizations_policy.rcp-product-roles-in-organization.id}', '${aws_organizations_organization.organization.roots[0].id}'],
      ]);
    });

    it('GIVEN the lock file holding the live RCP and its attachment (adopted or synced) THEN the stack imports both instead of creating them', () => {
      // GIVEN the example with the RCP already live at the root, and the same RCP nowhere in the lock
      const adopted = { ...lz, lock: { ...lz.lock!, resourceControlPolicies: { 'product-roles-in-organization': { id: 'p-rcp0live1', attachedTo: ['root'] } } } };
      const imports = (l: typeof lz) => (synthStack(l, 'organization').json.import ?? []).filter((i: any) => i.to.includes('.rcp-')).map((i: any) => [i.to, i.id]);
      // THEN the policy and its attachment are imported by their live ids, and without the lock entry nothing is
      expect(imports(adopted)).toEqual([
        ['aws_organizations_policy.rcp-product-roles-in-organization', 'p-rcp0live1'],
        ['aws_organizations_policy_attachment.rcp-product-roles-in-organization-root', 'r-ex01:p-rcp0live1'],
      ]);
      expect(imports(lz)).toEqual([]);
    });

    it("denies the STS role actions on /product/ roles unless the caller is in the organization (the organization resource's own id) or an AWS service, IfExists for callers without the keys", () => {
      // Terraform fills the id in at apply time, so the RCP is right on the apply that creates the organization.
      const content = rcp.content.replace('${aws_organizations_organization.organization.id}', 'ORG');
      expect(JSON.parse(content)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ProductRolesOnlyFromTheOrganization',
            Effect: 'Deny',
            Principal: '*',
            Action: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity', 'sts:TagSession'],
            Resource: 'arn:aws:iam::*:role/product/*',
            Condition: { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' }, StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'ORG' } },
          },
        ],
      });
      // AND the recorded document, which review reads, holds the lock file's organization id
      const recorded = policies.find((p) => p.name === 'rcp-product-roles-in-organization')!;
      expect((recorded.document as any).Statement[0].Condition.StringNotEqualsIfExists).toEqual({ 'aws:PrincipalOrgID': 'o-exampleorg1' });
    });
  });

  it('makes the audit account delegated administrator for Config and Access Analyzer', () => {
    const admins = resources(json, 'aws_organizations_delegated_administrator');
    expect(Object.values(admins).map((a: any) => [a.service_principal, a.account_id])).toEqual([
      ['access-analyzer.amazonaws.com', '${aws_organizations_account.account-acme-audit.id}'],
      ['config.amazonaws.com', '${aws_organizations_account.account-acme-audit.id}'],
    ]);
  });
});
