import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import { ConfigRules } from '../../modules/config-rules';
import { ParameterBaseline } from '../../modules/parameter-baseline';
import { ScopedRole } from '../../modules/scoped-role';
import { contractTable } from '../../src/contract/parameters';
import { blocksOf, synthConstruct } from './harness';

describe('ParameterBaseline', () => {
  it('GIVEN values, a list and a secret WHEN synthesized THEN names come from the contract, lists are joined and the secret is a SecureString under the key', () => {
    const { json } = synthConstruct((stack) => {
      new ParameterBaseline(stack, 'p', {
        region: 'eu-central-1',
        values: { accountId: '555555555501', privateSubnetIds: ['subnet-a', 'subnet-b'], environment: 'prod' },
        secureKeyArn: 'arn:aws:kms:eu-central-1:555555555501:key/data',
        secure: ['environment'],
      });
    });
    expect(Object.values(blocksOf(json, 'aws_ssm_parameter')).map((p) => [p.name, p.type, p.value, p.key_id, p.region])).toEqual([
      ['/landing-zone/account/id', 'String', '555555555501', undefined, 'eu-central-1'],
      ['/landing-zone/account/environment', 'SecureString', 'prod', 'arn:aws:kms:eu-central-1:555555555501:key/data', 'eu-central-1'],
      ['/landing-zone/vpc/subnets/private', 'StringList', 'subnet-a,subnet-b', undefined, 'eu-central-1'],
    ]);
  });

  it('GIVEN a list for a String parameter WHEN constructed THEN it refuses', () => {
    expect(() => synthConstruct((stack) => new ParameterBaseline(stack, 'p', { region: 'eu-west-1', values: { vpcId: ['a'] } }))).toThrow(
      'internal: parameter vpcId is a String in the contract but was given a list',
    );
  });

  it('the README table lists every parameter with its type and BaselineContract field', () => {
    const lines = contractTable().split('\n');
    expect(lines[0]).toBe('| name | type | `BaselineContract` field | where | value |');
    expect(lines).toContain('| `/landing-zone/vpc/subnets/isolated` | StringList | `vpc.subnets.isolated` | accounts with a VPC, primary region | Isolated (data) subnet ids: no internet route, one per AZ |');
    expect(lines).toContain('| `/landing-zone/environment/paused` | String | `environment.paused` | product accounts, every region | `true` while the environment is paused (`lz env pause`): scale compute to zero; else `false` |');
    expect(lines).toHaveLength(2 + 22);
  });
});

describe('ConfigRules', () => {
  it('GIVEN a global and a regional rule in two regions WHEN synthesized THEN the global rule exists once, in the global region', () => {
    const { json } = synthConstruct((stack) => {
      const recorder = new IamServiceLinkedRole(stack, 'stand-in-recorder', { awsServiceName: 'config.amazonaws.com' });
      new ConfigRules(stack, 'rules', {
        rules: ['root-account-mfa-enabled', 'encrypted-volumes'],
        regions: ['eu-west-1', 'eu-central-1'],
        globalResourcesRegion: 'eu-central-1',
        recorderRunning: () => recorder,
      });
    });
    const rules = Object.values(blocksOf(json, 'aws_config_config_rule')).map((r) => [r.name, r.region, r.source.source_identifier, r.scope?.compliance_resource_types, r.maximum_execution_frequency]);
    expect(rules).toEqual([
      ['landing-zone-encrypted-volumes', 'eu-west-1', 'ENCRYPTED_VOLUMES', ['AWS::EC2::Volume'], undefined],
      ['landing-zone-root-account-mfa-enabled', 'eu-central-1', 'ROOT_ACCOUNT_MFA_ENABLED', undefined, 'TwentyFour_Hours'],
      ['landing-zone-encrypted-volumes', 'eu-central-1', 'ENCRYPTED_VOLUMES', ['AWS::EC2::Volume'], undefined],
    ]);
  });
});

describe('ScopedRole', () => {
  const trust = { document: { Version: '2012-10-17', Statement: [] } };
  it('GIVEN a session duration out of range WHEN constructed THEN it says the allowed range', () => {
    expect(() =>
      synthConstruct((stack) => new ScopedRole(stack, 'r', { accountName: 'a', accountId: '1', roleName: 'R', description: 'd', trust, policies: {}, maxSessionDuration: 60 })),
    ).toThrow('internal: maxSessionDuration of R is set to 60, but must be >= 3600 and <= 43200 seconds');
  });

  it('GIVEN inline policies over 10,240 characters WHEN constructed THEN it names the templates and the size', () => {
    const big = { document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'x'.repeat(10300), Resource: '*' }] }, template: 'policies/roles/big.json' };
    // {"Statement":[{"Action":"<10300 x>","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"} = 10300 + 84 characters.
    expect(() =>
      synthConstruct((stack) => new ScopedRole(stack, 'r', { accountName: 'a', accountId: '1', roleName: 'R', description: 'd', trust, policies: { identity: big } })),
    ).toThrow('policies/roles/big.json: the inline policies of role R are 10384 characters after rendering, over the 10240 AWS allows per role; shorten them: merge statements, use action wildcards such as ec2:Describe*');
  });
});
