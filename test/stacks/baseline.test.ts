import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { loadLandingZone } from '../../src/config/load';
import { BASELINE_PARAMETERS } from '../../src/contract/parameters';
import { buildApp } from '../../src/synth/synth';
import { policiesOf } from '../../src/policies/registry';
import { exampleProject, inDir, REPO } from '../support/example';
import { blockAt, blocksOf, refTo, terraformJson } from '../modules/harness';
import { synthStack } from '../support/synth';

const lz = loadLandingZone(join(REPO, 'config'));
function baseline(name: string) {
  const [stack] = buildApp(Testing.app() as App, lz, [`baseline-${name}`]);
  return { json: terraformJson(stack) as Record<string, any>, policies: policiesOf(stack) };
}

describe('baseline stack of a product account (payments-prod: 2 regions, 3 AZs, prod segment)', () => {
  const { json, policies } = baseline('payments-prod');

  it('GIVEN the account WHEN synthesized THEN it runs in the account through the bootstrap role, with its own state key', () => {
    expect(json.terraform.backend.s3.key).toBe('baseline-payments-prod/terraform.tfstate');
    const [account, network] = json.provider.aws;
    expect(account).toMatchObject({ region: 'eu-west-1', assume_role: [{ role_arn: 'arn:aws:iam::555555555501:role/OrganizationAccountAccessRole', session_name: 'landing-zone-baseline-payments-prod' }] });
    expect(account.alias).toBeUndefined();
    expect(network).toMatchObject({ alias: 'network', region: 'eu-west-1', assume_role: [{ role_arn: 'arn:aws:iam::222222222203:role/OrganizationAccountAccessRole', session_name: 'landing-zone-baseline-payments-prod' }] });
  });

  it('THEN the deploy role is trusted only by the pipeline role of the management account and carries the product boundary', () => {
    const role = blockAt(json, 'aws_iam_role', 'deploy-role/role');
    expect(role.name).toBe('LandingZoneDeploy');
    expect(role.permissions_boundary).toBe(refTo(json, 'aws_iam_policy', 'product-boundary/policy', 'arn'));
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'PipelineInManagementAccount',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'sts:AssumeRole',
          Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/LandingZonePipeline' } },
        },
      ],
    });
    const boundary = blockAt(json, 'aws_iam_policy', 'product-boundary/policy');
    expect([boundary.name, boundary.path]).toEqual(['product-boundary', '/landing-zone/']);
  });

  it('THEN the deploy role can create or change roles only with the boundary, and cannot remove it', () => {
    const identity = policies.find((p) => p.name === 'role-LandingZoneDeploy-identity')!.document as any;
    const boundaryArn = 'arn:aws:iam::555555555501:policy/landing-zone/product-boundary';
    const deny = identity.Statement.find((s: any) => s.Sid === 'DenyRolesWithoutTheBoundary');
    expect(deny).toEqual({
      Sid: 'DenyRolesWithoutTheBoundary',
      Effect: 'Deny',
      Action: ['iam:AttachRolePolicy', 'iam:CreateRole', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy'],
      Resource: '*',
      Condition: { StringNotEquals: { 'iam:PermissionsBoundary': boundaryArn } },
    });
    const boundary = policies.find((p) => p.kind === 'permissions-boundary')!;
    expect(boundary.attachedTo).toEqual(['role:payments-prod/LandingZoneDeploy']);
    expect(boundary.arns).toEqual(['arn:aws:iam::555555555501:role/LandingZoneDeploy']);
    const statements = (boundary.document as any).Statement;
    expect(statements.find((s: any) => s.Sid === 'DenyBoundaryRemovalAndIamUsers').Action).toContain('iam:DeleteRolePermissionsBoundary');
    expect(statements.find((s: any) => s.Sid === 'DenyLandingZoneRolesAndPolicies').Resource).toContain('arn:aws:iam::*:policy/landing-zone/*');
    expect(statements.find((s: any) => s.Sid === 'DenyOtherAccountsKeysAndBuckets').Condition).toEqual({ StringNotEquals: { 'aws:ResourceAccount': '555555555501' } });
  });

  it('THEN break-glass trusts the named management principals with recent MFA, and audit trusts the auditor role of the audit account', () => {
    const breakGlass = JSON.parse(blockAt(json, 'aws_iam_role', 'break-glass-role/role').assume_role_policy).Statement[0];
    expect(breakGlass.Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:root' });
    expect(breakGlass.Condition).toEqual({
      ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:user/break-glass/alice', 'arn:aws:iam::111111111111:user/break-glass/bob'] },
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
    });
    const audit = JSON.parse(blockAt(json, 'aws_iam_role', 'audit-role/role').assume_role_policy).Statement[0];
    expect(audit.Principal).toEqual({ AWS: 'arn:aws:iam::222222222202:root' });
    expect(audit.Condition).toEqual({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::222222222202:role/LandingZoneAuditor' } });
  });

  it('THEN every role policy is recorded with its role, and none allows *:*', () => {
    expect(policies.map((p) => `${p.name} ${p.kind} ${p.attachedTo.join(',')}`).filter((l) => l.startsWith('role-') || l.startsWith('boundary-'))).toEqual([
      'boundary-product-boundary permissions-boundary role:payments-prod/LandingZoneDeploy',
      'role-flow-logs-identity identity-policy role:payments-prod/flow-logs',
      'role-flow-logs-trust trust-policy role:payments-prod/flow-logs',
      'role-LandingZoneAudit-identity identity-policy role:payments-prod/LandingZoneAudit',
      'role-LandingZoneAudit-trust trust-policy role:payments-prod/LandingZoneAudit',
      'role-LandingZoneBreakGlass-identity identity-policy role:payments-prod/LandingZoneBreakGlass',
      'role-LandingZoneBreakGlass-trust trust-policy role:payments-prod/LandingZoneBreakGlass',
      'role-LandingZoneDeploy-identity identity-policy role:payments-prod/LandingZoneDeploy',
      'role-LandingZoneDeploy-trust trust-policy role:payments-prod/LandingZoneDeploy',
    ]);
    for (const p of policies) {
      for (const s of (p.document as any).Statement) {
        if (s.Effect === 'Allow') expect([p.name, [s.Action].flat().includes('*')]).toEqual([p.name, false]);
      }
    }
  });

  it('THEN account settings hold in both regions: EBS encrypted with the data key, IMDSv2 required, an analyzer', () => {
    for (const region of ['eu-west-1', 'eu-central-1']) {
      expect(blockAt(json, 'aws_ebs_encryption_by_default', `account-settings/ebs-encryption-${region}`)).toMatchObject({ region, enabled: true });
      expect(blockAt(json, 'aws_ebs_default_kms_key', `account-settings/ebs-default-key-${region}`).key_arn).toBe(refTo(json, 'aws_kms_key', `keys/data-${region}`, 'arn'));
      expect(blockAt(json, 'aws_ec2_instance_metadata_defaults', `account-settings/imds-defaults-${region}`)).toMatchObject({ region, http_tokens: 'required' });
      expect(blockAt(json, 'aws_accessanalyzer_analyzer', `account-settings/access-analyzer-${region}`)).toMatchObject({ region, type: 'ACCOUNT' });
    }
    expect(blockAt(json, 'aws_iam_account_password_policy', 'account-settings/password-policy')).toMatchObject({ minimum_password_length: 14, password_reuse_prevention: 24, max_password_age: 90 });
    expect(blockAt(json, 'aws_s3_account_public_access_block', 'account-settings/s3-public-access-block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('THEN Config records in both regions, global resources in the home region only, delivering to the log archive', () => {
    const recorders = blocksOf(json, 'aws_config_configuration_recorder');
    expect(recorders['config/recorder-eu-west-1'].recording_group).toEqual({ all_supported: true, include_global_resource_types: true });
    expect(recorders['config/recorder-eu-central-1'].recording_group).toEqual({ all_supported: true, include_global_resource_types: false });
    expect(blockAt(json, 'aws_config_delivery_channel', 'config/delivery-eu-central-1').s3_bucket_name).toBe('acme-log-archive-222222222201');
    expect(blockAt(json, 'aws_config_configuration_recorder_status', 'config/status-eu-west-1').is_enabled).toBe(true);
  });

  it('THEN the OU rule set "strict" applies: 12 rules at home, the 9 regional ones in eu-central-1', () => {
    const rules = Object.keys(blocksOf(json, 'aws_config_config_rule'));
    expect(rules.filter((r) => r.endsWith('-eu-west-1'))).toHaveLength(12);
    // root MFA, password policy and CloudTrail are account-wide: evaluated once.
    expect(rules.filter((r) => r.endsWith('-eu-central-1')).sort()).toEqual(
      [
        'encrypted-volumes',
        'kms-cmk-not-scheduled-for-deletion',
        'rds-storage-encrypted',
        'restricted-ssh',
        's3-bucket-public-read-prohibited',
        's3-bucket-public-write-prohibited',
        's3-bucket-server-side-encryption-enabled',
        'vpc-default-security-group-closed',
        'vpc-flow-logs-enabled',
      ].map((r) => `config-rules/${r}-eu-central-1`),
    );
    expect(blockAt(json, 'aws_config_config_rule', 'config-rules/restricted-ssh-eu-west-1').source).toEqual({ owner: 'AWS', source_identifier: 'INCOMING_SSH_DISABLED' });
  });

  it('THEN the VPC attaches to the prod segment and propagates into prod and shared only', () => {
    expect(blockAt(json, 'aws_ec2_transit_gateway_vpc_attachment', 'segment/attachment').subnet_ids).toHaveLength(3);
    expect(blockAt(json, 'aws_ec2_transit_gateway_route_table', 'segment/route-table-prod', 'data').filter).toEqual([
      { name: 'tag:landing-zone-segment', values: ['prod'] },
      { name: 'transit-gateway-id', values: [refTo(json, 'aws_ec2_transit_gateway', 'segment/hub', 'id', 'data')] },
    ]);
    expect(blockAt(json, 'aws_ec2_transit_gateway_route_table_association', 'segment/association').transit_gateway_route_table_id).toBe(
      refTo(json, 'aws_ec2_transit_gateway_route_table', 'segment/route-table-prod', 'id', 'data'),
    );
    expect(Object.keys(blocksOf(json, 'aws_ec2_transit_gateway_route_table_propagation')).sort()).toEqual(['segment/propagation-prod', 'segment/propagation-shared']);
    for (const p of Object.values(blocksOf(json, 'aws_ec2_transit_gateway_route_table_propagation'))) expect(p.provider).toBe('aws.network');
  });

  it('THEN only the private tier routes the private ranges to the hub; the isolated tier stays local', () => {
    const hubRoutes = Object.entries(blocksOf(json, 'aws_route'))
      .filter(([, r]) => r.transit_gateway_id)
      .map(([path, r]) => `${path.split('/')[1].replace(/-(10|172|192)-.*$/, '')} ${r.destination_cidr_block}`)
      .sort();
    expect(hubRoutes).toEqual(
      ['route-private-az1', 'route-private-az2', 'route-private-az3'].flatMap((t) => [`${t} 10.0.0.0/8`, `${t} 172.16.0.0/12`, `${t} 192.168.0.0/16`]).sort(),
    );
    const isolatedTable = refTo(json, 'aws_route_table', 'vpc/route-table-isolated', 'id');
    expect(Object.values(blocksOf(json, 'aws_route')).filter((r) => r.route_table_id === isolatedTable)).toEqual([]);
    // AND the private ACL admits what the hub routes
    expect(blockAt(json, 'aws_network_acl', 'vpc/network-acl-private').ingress.map((r: any) => r.cidr_block).slice(1, 4)).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
  });

  it('THEN NAT is per AZ on a production segment by default', () => {
    expect(Object.keys(blocksOf(json, 'aws_nat_gateway'))).toHaveLength(3);
  });

  it('THEN it publishes the Parameter Store contract: every name in both regions, the VPC part in the primary region only', () => {
    const params = Object.entries(blocksOf(json, 'aws_ssm_parameter')).map(([, p]) => `${p.region} ${p.name} ${p.type}`);
    const all = Object.values(BASELINE_PARAMETERS);
    const vpcNames = all.filter((p) => p.scope === 'accounts with a VPC, primary region');
    expect(params.filter((p) => p.startsWith('eu-west-1 '))).toHaveLength(all.length);
    expect(params.filter((p) => p.startsWith('eu-central-1 '))).toHaveLength(all.length - vpcNames.length);
    const byName = Object.fromEntries(Object.values(blocksOf(json, 'aws_ssm_parameter')).filter((p) => p.region === 'eu-west-1').map((p) => [p.name, p.value]));
    expect(byName['/landing-zone/account/id']).toBe('555555555501');
    expect(byName['/landing-zone/account/product']).toBe('payments');
    expect(byName['/landing-zone/account/environment']).toBe('prod');
    expect(byName['/landing-zone/roles/deploy/arn']).toBe('arn:aws:iam::555555555501:role/LandingZoneDeploy');
    expect([byName['/landing-zone/environment/paused'], byName['/landing-zone/environment/cloned-from'], byName['/landing-zone/environment/template']]).toEqual(['false', '-', '-']);
    expect(byName['/landing-zone/vpc/subnets/isolated']).toBe(
      ['az1', 'az2', 'az3'].map((az) => refTo(json, 'aws_subnet', `vpc/subnet-isolated-${az}`, 'id')).join(','),
    );
  });
});

describe('baseline stack of the audit account', () => {
  const { json } = baseline('acme-audit');

  it('GIVEN the audit account WHEN synthesized THEN it holds the auditor role: trusted by its own account, able to assume only the audit roles of the organization', () => {
    const auditor = blockAt(json, 'aws_iam_role', 'auditor-role/role');
    expect(auditor.name).toBe('LandingZoneAuditor');
    expect(JSON.parse(auditor.assume_role_policy).Statement).toEqual([
      { Sid: 'PrincipalsOfTheAuditAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222202:root' }, Action: 'sts:AssumeRole' },
    ]);
    expect(JSON.parse(blockAt(json, 'aws_iam_role_policy', 'auditor-role/policy-identity').policy).Statement).toEqual([
      {
        Sid: 'AssumeTheAuditRoleOfEveryAccount',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:iam::*:role/LandingZoneAudit',
        Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-exampleorg1' } },
      },
    ]);
  });

  it('AND no other account has one', () => {
    expect(blocksOf(baseline('payments-prod').json, 'aws_iam_role')['auditor-role/role']).toBeUndefined();
  });
});

describe('baseline stack of the management account', () => {
  const { json, policies } = baseline('acme-management');

  it('GIVEN the management account WHEN synthesized THEN it uses the caller credentials and has neither deploy nor break-glass role', () => {
    expect(json.provider.aws[0].assume_role).toBeUndefined();
    expect(Object.keys(blocksOf(json, 'aws_iam_role'))).toEqual(['audit-role/role']);
    expect(policies.filter((p) => p.kind === 'permissions-boundary')).toEqual([]);
  });

  it('THEN its keys are administered by the pipeline role and by whoever applies them (an administrator by hand is not locked out)', () => {
    const policy = JSON.parse(blockAt(json, 'aws_kms_key', 'keys/data-eu-west-1').policy);
    expect(policy.Statement[0].Condition).toEqual({
      ArnEquals: {
        'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/LandingZonePipeline', '${data.aws_iam_session_context.keys_applier-session_A3474B57.issuer_arn}'],
      },
    });
  });
});

describe('baseline stacks of the example organization', () => {
  it('GIVEN every account WHEN synthesized THEN every KMS key rotates and no security group admits 0.0.0.0/0', () => {
    const stacks = buildApp(Testing.app() as App, lz).filter((s) => s.node.id.startsWith('baseline-'));
    expect(stacks).toHaveLength(12);
    for (const stack of stacks) {
      const json = terraformJson(stack) as Record<string, any>;
      for (const key of Object.values(blocksOf(json, 'aws_kms_key'))) expect([stack.node.id, key.enable_key_rotation]).toEqual([stack.node.id, true]);
      for (const sg of Object.values(blocksOf(json, 'aws_default_security_group'))) expect([stack.node.id, sg.ingress]).toEqual([stack.node.id, []]);
      expect(JSON.stringify(blocksOf(json, 'aws_security_group'))).toBe('{}');
      expect(JSON.stringify(blocksOf(json, 'aws_vpc_security_group_ingress_rule'))).toBe('{}');
    }
  });

  it('GIVEN an account missing from the lock file WHEN its baseline is built THEN it is pending: its placeholder id stands where its id goes', () => {
    const project = exampleProject();
    try {
      project.replace('config/accounts.lock.yaml', /  catalog-dev: .*\n/, '');
      const json = inDir(project.dir, () => synthStack(loadLandingZone('config'), 'baseline-catalog-dev').json);
      expect(json.provider!.aws[0].assume_role[0].role_arn).toBe('arn:aws:iam::PENDING-catalog-dev:role/OrganizationAccountAccessRole');
      expect(JSON.stringify(json)).not.toContain('444444444401');
    } finally {
      project.remove();
    }
  });

  it('GIVEN a suspended account WHEN the stacks are listed THEN its baseline stays until the lock file records it closed, and its product stack is gone at once', () => {
    const project = exampleProject();
    try {
      project.replace('config/products/payments.yaml', '    segment: nonprod\n', '    segment: nonprod\n    state: suspended\n');
      const names = () => inDir(project.dir, () => buildApp(Testing.app() as App, loadLandingZone('config')).map((s) => s.node.id));
      // Still ACTIVE in the lock file: the baseline stays to take it off the hub; the deploy role can do nothing under deny-all.
      expect(names().filter((n) => n.endsWith('-payments-staging'))).toEqual(['baseline-payments-staging']);
      expect(names()).toContain('product-payments-prod');
      // Closed (lz account close, or lz accounts sync after a closure): nothing can be applied there any more.
      project.replace('config/accounts.lock.yaml', /(payments-staging: .*status: )ACTIVE/, '$1PENDING_CLOSURE');
      expect(names().filter((n) => n.endsWith('-payments-staging'))).toEqual([]);
      expect(names()).toContain('baseline-payments-prod');
    } finally {
      project.remove();
    }
  });
});
