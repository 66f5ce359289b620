import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeAccountCommand } from '@aws-sdk/client-organizations';
import { loadLandingZone } from '../../src/config/load';
import { OrgApi } from '../../src/org/client';
import { closeAccount } from '../../src/org/close';
import { useMoto } from '../support/moto';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';
import { client, seed, specOf } from './seed';

const moto = useMoto();

/** The example project with analytics-sandbox marked suspended in config. */
function suspendedProject(): string {
  const dir = exampleProject();
  const file = join(dir, 'config', 'products', 'analytics.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('    ou: Sandbox\n', '    ou: Sandbox\n    state: suspended\n'));
  return dir;
}

describe('lz account close', () => {
  it('needs --confirm with the same name', async () => {
    const dir = suspendedProject();
    const missing = await lzIn(dir, 'account', 'close', 'analytics-sandbox');
    expect(missing.stderr).toBe('command line: closing analytics-sandbox needs --confirm analytics-sandbox; write lz account close analytics-sandbox --confirm analytics-sandbox\n');
    expect(missing.code).toBe(2);
    const other = await lzIn(dir, 'account', 'close', 'analytics-sandbox', '--confirm', 'analytics-prod');
    expect(other.stderr).toBe('command line: --confirm analytics-prod does not repeat the account name analytics-sandbox; write lz account close analytics-sandbox --confirm analytics-sandbox\n');
  });

  it('refuses an active account and explains the flow', async () => {
    // GIVEN analytics-prod is active in config; WHEN it is closed
    const run = await lzIn(suspendedProject(), 'account', 'close', 'analytics-prod', '--confirm', 'analytics-prod', '--endpoint-url', moto.url);
    // THEN nothing is called and the message says what to do first
    expect(run.stderr).toBe(
      'config/products/analytics.yaml: account analytics-prod has state: active; only a suspended account can be closed; first set state: suspended at environments.prod and run lz deploy organization (it moves the account to Suspended under the deny-all SCP); then run lz account close analytics-prod --confirm analytics-prod\n',
    );
    expect(run.code).toBe(2);
  });

  it('refuses a suspended account that has not been moved to the suspended OU yet', async () => {
    // GIVEN config says suspended but the live account is still in Sandbox (not deployed)
    const dir = suspendedProject();
    const spec = specOf(loadLandingZone(join(dir, 'config')));
    const seeded = await seed(moto.url, { ...spec, accounts: spec.accounts.map((a) => (a.name === 'analytics-sandbox' ? { ...a, ou: 'Sandbox' } : a)) });
    // WHEN it is closed, THEN deploy first
    const run = await lzIn(dir, 'account', 'close', 'analytics-sandbox', '--confirm', 'analytics-sandbox', '--endpoint-url', moto.url);
    expect(run.stderr).toBe(
      `config/products/analytics.yaml: account analytics-sandbox (${seeded.accountIds.get('analytics-sandbox')}) is in Sandbox, not in Suspended; run lz deploy organization first, so that it moves to Suspended under the deny-all SCP\n`,
    );
    expect(run.code).toBe(1);
  });

  it('refuses an account younger than 7 days, then closes it once it is old enough and records it', async () => {
    // GIVEN analytics-sandbox is suspended in config and in the Suspended OU, created just now
    const dir = suspendedProject();
    const seeded = await seed(moto.url, specOf(loadLandingZone(join(dir, 'config'))));
    const id = seeded.accountIds.get('analytics-sandbox')!;

    // WHEN it is closed today, THEN the 7-day minimum stops it
    const young = await lzIn(dir, 'account', 'close', 'analytics-sandbox', '--confirm', 'analytics-sandbox', '--endpoint-url', moto.url);
    expect(young.stderr).toMatch(new RegExp(`^config/products/analytics.yaml: account analytics-sandbox \\(${id}\\) joined on \\S+Z, less than 7 days ago; AWS closes accounts that are at least 7 days old: run it again after \\S+Z\\n$`));
    expect(young.code).toBe(1);

    // WHEN it is closed 8 days later
    const later = new Date(Date.now() + 8 * 86_400_000);
    const api = new OrgApi({ endpointUrl: moto.url });
    const { closure, file } = await closeAccount(loadLandingZone(join(dir, 'config')), api, 'analytics-sandbox', { now: later });
    api.destroy();

    // THEN AWS closed it and the closure is recorded
    const org = client(moto.url);
    expect((await org.send(new DescribeAccountCommand({ AccountId: id }))).Account!.Status).toBe('SUSPENDED');
    org.destroy();
    expect(file).toBe(join(dir, 'config', 'account-closures.yaml'));
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '# Accounts closed with `lz account close`, oldest first. Written by lz; keep it in version control.',
        'closures:',
        `  - { name: analytics-sandbox, id: "${id}", email: "aws+analytics-sandbox@acme.example", closedAt: "${later.toISOString()}", by: "arn:aws:sts::123456789012:user/moto" }`,
        '',
      ].join('\n'),
    );
    expect(closure.id).toBe(id);

    // AND closing it again says it is already closed
    const again = await lzIn(dir, 'account', 'close', 'analytics-sandbox', '--confirm', 'analytics-sandbox', '--endpoint-url', moto.url);
    expect(again.stderr).toBe(
      `config/products/analytics.yaml: account analytics-sandbox (${id}) is already SUSPENDED; nothing to do: AWS removes it from the organization after 90 days; keep it in config with state: suspended until then\n`,
    );
  });
});
