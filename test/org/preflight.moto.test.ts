import { join } from 'node:path';
import { CreateAccountCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { loadLandingZone } from '../../src/config/load';
import { useMoto } from '../support/moto';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';
import { client, seed, specOf } from './seed';

const moto = useMoto();

describe('lz preflight against moto', () => {
  it('fails on the account quota and on an email a live account uses that the lock does not record', async () => {
    // GIVEN the example organization without the catalog accounts, synced; then someone creates catalog-dev by hand
    const dir = exampleProject();
    const spec = specOf(loadLandingZone(join(dir, 'config')));
    await seed(moto.url, { ...spec, accounts: spec.accounts.filter((a) => !a.name.startsWith('catalog-')) });
    expect((await lzIn(dir, 'accounts', 'sync', '--endpoint-url', moto.url)).code).toBe(0);
    const org = client(moto.url);
    const made = await org.send(new CreateAccountCommand({ AccountName: 'catalog-dev', Email: 'aws+catalog-dev@acme.example' }));
    org.destroy();
    const catalogDev = made.CreateAccountStatus!.AccountId!;

    // WHEN preflight runs (moto's Service Quotas does not know Organizations, so the default quota of 10 applies)
    const run = await lzIn(dir, 'preflight', '--endpoint-url', moto.url);

    // THEN it names both failures, says what passed, and exits 1
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'ok   management account: the caller is in the management account 123456789012',
        'ok   GitHub OIDC provider: the bootstrap stack creates it',
        'fail account quota: 1 accounts to create + 11 in the organization = 12; the quota is 10 (the AWS default; Service Quotas did not answer); if your quota is higher, pass it with --account-quota N; otherwise request an increase in Service Quotas (us-east-1)',
        `fail emails: aws+catalog-dev@acme.example (account catalog-dev) is already used by live account ${catalogDev} (catalog-dev), which config/accounts.lock.yaml does not record, so apply would try to create it again; run lz accounts sync (or lz org import), so that the organization stack imports that account`,
        'ok   policy types: RESOURCE_CONTROL_POLICY, SERVICE_CONTROL_POLICY, TAG_POLICY enabled',
        'ok   trusted access: enabled for all 8 services the baseline uses',
        'ok   live trusted access and policy types: config keeps every trusted service and policy type the organization has enabled',
        'ok   existing accounts: every existing account can be entered through OrganizationAccountAccessRole, and nothing in them collides with its baseline',
        'ok   account creation: no CreateAccount request in progress',
        'Preflight failed: 2 of 9 checks would fail at apply time.',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(1);

    // WHEN the lock is synced and the real quota is given, THEN nothing would fail
    expect((await lzIn(dir, 'accounts', 'sync', '--endpoint-url', moto.url)).code).toBe(0);
    const again = await lzIn(dir, 'preflight', '--account-quota', '20', '--endpoint-url', moto.url);
    expect(again.stdout.split('\n').slice(2, 4)).toEqual([
      'ok   account quota: 1 accounts to create + 11 in the organization = 12; the quota is 20 (--account-quota)',
      'ok   emails: none of the 1 accounts to create uses an email the organization already has',
    ]);
    expect(again.stdout).toContain('Preflight passed (0 warnings).');
    expect(again.code).toBe(0);
  });

  it('fails at once when the caller is a member account, not the management account', async () => {
    // GIVEN the example organization, and credentials of a role in the member account acme-audit
    const dir = exampleProject();
    const seeded = await seed(moto.url, specOf(loadLandingZone(join(dir, 'config'))));
    const audit = seeded.accountIds.get('acme-audit')!;
    const sts = new STSClient({ endpoint: moto.url, region: 'us-east-1' });
    const role = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${audit}:role/OrganizationAccountAccessRole`, RoleSessionName: 'test' }));
    sts.destroy();
    const saved = { ...process.env };
    process.env.AWS_ACCESS_KEY_ID = role.Credentials!.AccessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = role.Credentials!.SecretAccessKey;
    process.env.AWS_SESSION_TOKEN = role.Credentials!.SessionToken;
    try {
      // WHEN preflight runs
      const run = await lzIn(dir, 'preflight', '--endpoint-url', moto.url);

      // THEN the only check says who the caller is and which account it should be
      expect(run.stdout).toBe(
        [
          `fail management account: the caller arn:aws:sts::${audit}:assumed-role/OrganizationAccountAccessRole/test is in account ${audit}, not the management account 123456789012; run with credentials of the management account (AWS_PROFILE, or the pipeline role); the other checks need it`,
          'Preflight failed: 1 of 1 checks would fail at apply time.',
          '',
        ].join('\n'),
      );
      expect(run.code).toBe(1);
    } finally {
      process.env = saved;
    }
  });
});
