/**
 * Adopting accounts (#8.7): preflight names, per existing account, what its baseline would collide
 * with (a Config recorder or delivery channel, the Config service-linked role) or why it cannot be
 * entered (no OrganizationAccountAccessRole, as in an invited account), with the fix; `lz org import`
 * records what runs so the baseline imports it under its own name instead of creating a duplicate.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ConfigServiceClient, PutConfigurationRecorderCommand, PutDeliveryChannelCommand } from '@aws-sdk/client-config-service';
import { CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { loadLandingZone } from '../../src/config/load';
import { useMoto } from '../support/moto';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';
import { seed, specOf } from './seed';
import { synthStack } from '../support/synth';

const moto = useMoto();

async function credentialsIn(account: string) {
  const sts = new STSClient({ endpoint: moto.url, region: 'us-east-1' });
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'setup' }));
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

describe('adopting existing accounts', () => {
  it('GIVEN one account running Config and one without the bootstrap role WHEN preflight, import, preflight, synth THEN each is named with its fix, and the baseline imports what runs', async () => {
    // GIVEN the example organization, live and synced; catalog-prod already runs AWS Config; catalog-dev
    // lost its OrganizationAccountAccessRole (as an invited account never had one)
    const dir = exampleProject();
    const seeded = await seed(moto.url, specOf(loadLandingZone(join(dir, 'config'))));
    expect((await lzIn(dir, 'accounts', 'sync', '--endpoint-url', moto.url)).code).toBe(0);
    const prod = seeded.accountIds.get('catalog-prod')!;
    const dev = seeded.accountIds.get('catalog-dev')!;

    const prodCredentials = await credentialsIn(prod);
    const config = new ConfigServiceClient({ endpoint: moto.url, region: 'eu-west-1', credentials: prodCredentials });
    await config.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: `arn:aws:iam::${prod}:role/config-role`, recordingGroup: { allSupported: true } } }));
    await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'catalog-config-logs' } }));
    config.destroy();
    const prodIam = new IAMClient({ endpoint: moto.url, region: 'us-east-1', credentials: prodCredentials });
    // What CreateServiceLinkedRole makes in AWS (moto names it AWSServiceRoleForconfig, so it is made as AWS names it)
    await prodIam.send(
      new CreateRoleCommand({
        RoleName: 'AWSServiceRoleForConfig',
        Path: '/aws-service-role/config.amazonaws.com/',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    prodIam.destroy();

    const devIam = new IAMClient({ endpoint: moto.url, region: 'us-east-1', credentials: await credentialsIn(dev) });
    const role = 'OrganizationAccountAccessRole';
    for (const p of (await devIam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies ?? []) {
      await devIam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: p.PolicyArn }));
    }
    for (const name of (await devIam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames ?? []) {
      await devIam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: name }));
    }
    await devIam.send(new DeleteRoleCommand({ RoleName: role }));
    devIam.destroy();

    // WHEN preflight runs
    const before = await lzIn(dir, 'preflight', '--account-quota', '20', '--endpoint-url', moto.url);

    // THEN it names both accounts, what is wrong and the fix
    expect(before.stderr).toBe('');
    expect(before.stdout.split('\n').filter((l) => l.includes('account catalog-'))).toEqual([
      `fail account catalog-dev: catalog-dev (${dev}) has no OrganizationAccountAccessRole that the management account can assume (an invited account gets none), so its baseline cannot be applied; in that account, create the role OrganizationAccountAccessRole trusting the management account (arn:aws:iam::123456789012:root) with the AdministratorAccess policy, as AWS documents for invited accounts; then run lz preflight again`,
      `fail account catalog-prod: catalog-prod (${prod}) already has AWS Config recorder "default" in eu-west-1, delivery channel "default" in eu-west-1, the role AWSServiceRoleForConfig, which config/accounts.lock.yaml does not record, so its baseline would try to create them again and fail; run lz org import: it records them in the lock file, and the baseline imports them instead`,
    ]);
    expect(before.code).toBe(1);

    // WHEN org import runs
    const imported = await lzIn(dir, 'org', 'import', '--endpoint-url', moto.url);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);

    // THEN the lock records what runs in catalog-prod, and preflight says the baseline adopts it
    const lock = readFileSync(join(dir, 'config', 'accounts.lock.yaml'), 'utf8');
    expect(lock).toContain(
      [
        'adopted:',
        '  catalog-prod:',
        '    configRecorders: { eu-west-1: default }',
        '    deliveryChannels: { eu-west-1: default }',
        '    configServiceLinkedRole: true',
        '',
      ].join('\n'),
    );
    const after = await lzIn(dir, 'preflight', '--account-quota', '20', '--endpoint-url', moto.url);
    expect(after.stdout.split('\n').filter((l) => l.includes('account catalog-'))).toEqual([
      expect.stringMatching(/^fail account catalog-dev: /),
      'ok   account catalog-prod: its baseline adopts (imports) AWS Config recorder "default" in eu-west-1, delivery channel "default" in eu-west-1, the role AWSServiceRoleForConfig',
    ]);

    // AND the baseline of catalog-prod imports the recorder, channel and role under their own names
    const { json } = synthStack(loadLandingZone(join(dir, 'config')), 'baseline-catalog-prod');
    const imports = (json.import ?? []).map((i: { id: string; to: string }) => [i.to.split('.')[0], i.id]).sort();
    expect(imports).toEqual([
      ['aws_config_configuration_recorder', 'default@eu-west-1'],
      ['aws_config_delivery_channel', 'default@eu-west-1'],
      ['aws_iam_service_linked_role', `arn:aws:iam::${prod}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`],
    ]);
    const recorder = Object.values(json.resource.aws_config_configuration_recorder)[0] as { name: string };
    expect(recorder.name).toBe('default');
    // AND other baselines import nothing
    expect(synthStack(loadLandingZone(join(dir, 'config')), 'baseline-catalog-dev').json.import).toBeUndefined();
  });
});
