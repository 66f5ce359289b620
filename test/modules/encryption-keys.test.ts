import { cloudWatchLogsGrant, EncryptionKeys, KEY_ADMIN_ACTIONS, KEY_USE_ACTIONS } from '../../modules/encryption-keys';
import { blockAt, blocksOf, synthConstruct } from './harness';

const ACCOUNT = '555555555501';

function twoRegionKeys() {
  return synthConstruct((stack) => {
    new EncryptionKeys(stack, 'keys', {
      accountName: 'payments-prod',
      accountId: ACCOUNT,
      regions: ['eu-west-1', 'eu-central-1'],
      adminRoleNames: ['OrganizationAccountAccessRole', 'LandingZoneBreakGlass'],
      purposes: [
        { name: 'data', description: 'Data' },
        { name: 'logs', description: 'Logs', services: [cloudWatchLogsGrant(ACCOUNT)] },
      ],
    });
  });
}

describe('EncryptionKeys', () => {
  const { json, policies } = twoRegionKeys();

  it('GIVEN two purposes in two regions WHEN synthesized THEN there is one key and alias per purpose and region', () => {
    expect(Object.keys(blocksOf(json, 'aws_kms_key')).sort()).toEqual(['keys/data-eu-central-1', 'keys/data-eu-west-1', 'keys/logs-eu-central-1', 'keys/logs-eu-west-1']);
    const alias = blockAt(json, 'aws_kms_alias', 'keys/logs-eu-central-1-alias');
    expect(alias.name).toBe('alias/landing-zone/logs');
    expect(alias.region).toBe('eu-central-1');
  });

  it('every key rotates yearly, waits 30 days before deletion and cannot be destroyed by a plan', () => {
    for (const key of Object.values(blocksOf(json, 'aws_kms_key'))) {
      expect(key.enable_key_rotation).toBe(true);
      expect(key.rotation_period_in_days).toBe(365);
      expect(key.deletion_window_in_days).toBe(30);
      expect(key.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  it('THEN no key policy grants kms:* and every AWS principal is the account itself, narrowed to its roles', () => {
    for (const key of Object.values(blocksOf(json, 'aws_kms_key'))) {
      const policy = JSON.parse(key.policy);
      for (const s of policy.Statement) {
        expect([s.Action].flat()).not.toContain('kms:*');
        if (s.Principal.AWS) {
          expect(s.Principal.AWS).toBe(`arn:aws:iam::${ACCOUNT}:root`);
          expect(JSON.stringify(s.Condition)).toContain(`arn:aws:iam::${ACCOUNT}:role/`);
        }
      }
    }
  });

  it('THEN administrators may administer but not use, and only roles of the account may use', () => {
    const policy = JSON.parse(blockAt(json, 'aws_kms_key', 'keys/data-eu-west-1').policy);
    expect(policy.Statement[0]).toEqual({
      Sid: 'AdministerByLandingZoneRoles',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::555555555501:root' },
      Action: [...KEY_ADMIN_ACTIONS],
      Resource: '*',
      Condition: {
        ArnEquals: {
          'aws:PrincipalArn': [
            'arn:aws:iam::555555555501:role/OrganizationAccountAccessRole',
            'arn:aws:iam::555555555501:role/LandingZoneBreakGlass',
            '${data.aws_iam_session_context.keys_applier-session_A3474B57.issuer_arn}',
          ],
        },
      },
    });
    expect(KEY_ADMIN_ACTIONS).not.toContain('kms:Decrypt');
    expect(policy.Statement[1]).toEqual({
      Sid: 'UseByRolesOfThisAccount',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::555555555501:root' },
      Action: [...KEY_USE_ACTIONS],
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::555555555501:role/*' } },
    });
  });

  it('THEN a logs key lets CloudWatch Logs of this account and region use it, and a data key does not', () => {
    const logs = JSON.parse(blockAt(json, 'aws_kms_key', 'keys/logs-eu-central-1').policy);
    expect(logs.Statement[3]).toEqual({
      Sid: 'CloudWatchLogsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'logs.eu-central-1.amazonaws.com' },
      Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-central-1:555555555501:log-group:*' } },
    });
    expect(JSON.parse(blockAt(json, 'aws_kms_key', 'keys/data-eu-central-1').policy).Statement).toHaveLength(3);
  });

  it('THEN every key policy is recorded with the key target and its stand-in ARN', () => {
    expect(policies.map((p) => [p.name, p.kind, p.attachedTo, p.arns, p.account])).toEqual([
      ['key-data-eu-central-1', 'key-policy', ['key:payments-prod/data'], ['arn:aws:kms:eu-central-1:555555555501:key/landing-zone/data'], 'payments-prod'],
      ['key-data-eu-west-1', 'key-policy', ['key:payments-prod/data'], ['arn:aws:kms:eu-west-1:555555555501:key/landing-zone/data'], 'payments-prod'],
      ['key-logs-eu-central-1', 'key-policy', ['key:payments-prod/logs'], ['arn:aws:kms:eu-central-1:555555555501:key/landing-zone/logs'], 'payments-prod'],
      ['key-logs-eu-west-1', 'key-policy', ['key:payments-prod/logs'], ['arn:aws:kms:eu-west-1:555555555501:key/landing-zone/logs'], 'payments-prod'],
    ]);
    // The recorded document shows a stand-in where Terraform names the principal that applies the key.
    const terraform = blockAt(json, 'aws_kms_key', 'keys/data-eu-west-1').policy as string;
    const applier = '${data.aws_iam_session_context.keys_applier-session_A3474B57.issuer_arn}';
    expect(JSON.parse(terraform.replace(applier, 'arn:aws:iam::555555555501:role/<the principal that applies this stack>'))).toEqual(policies[1].document);
  });

  it('THEN whoever applies a key administers it: the caller\'s role (not its session), user or root, read at apply time', () => {
    const policy = JSON.parse(blockAt(json, 'aws_kms_key', 'keys/logs-eu-west-1').policy);
    expect(policy.Statement[0].Condition.ArnEquals['aws:PrincipalArn']).toEqual([
      'arn:aws:iam::555555555501:role/OrganizationAccountAccessRole',
      'arn:aws:iam::555555555501:role/LandingZoneBreakGlass',
      '${data.aws_iam_session_context.keys_applier-session_A3474B57.issuer_arn}',
    ]);
    const session = (json as any).data.aws_iam_session_context['keys_applier-session_A3474B57'];
    expect(session.arn).toBe('${data.aws_caller_identity.keys_applier-caller_7E164DDF.arn}');
    expect(Object.keys((json as any).data.aws_caller_identity)).toEqual(['keys_applier-caller_7E164DDF']);
  });

  it('GIVEN no administrator role WHEN constructed THEN it refuses', () => {
    expect(() =>
      synthConstruct((stack) => new EncryptionKeys(stack, 'k', { accountName: 'a', accountId: ACCOUNT, regions: ['eu-west-1'], adminRoleNames: [], purposes: [] })),
    ).toThrow('internal: EncryptionKeys needs at least one administrator role');
  });
});
