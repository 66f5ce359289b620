import { join } from 'node:path';
import { CloseAccountCommand, DetachPolicyCommand, UpdatePolicyCommand } from '@aws-sdk/client-organizations';
import { loadLandingZone } from '../../src/config/load';
import { useMoto } from '../support/moto';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';
import { client, seed, specOf, type SeedSpec } from './seed';

const moto = useMoto();

function exampleSpec(dir: string): SeedSpec {
  return specOf(loadLandingZone(join(dir, 'config')));
}

describe('lz drift against moto', () => {
  it('names an extra account, an account in the wrong OU and an SCP attached by hand, and exits 4', async () => {
    // GIVEN the example organization with three changes made by hand
    const dir = exampleProject();
    const spec = exampleSpec(dir);
    const seeded = await seed(moto.url, {
      ...spec,
      accounts: [
        ...spec.accounts.map((a) => (a.name === 'payments-prod' ? { ...a, ou: 'Workloads/NonProd' } : a)),
        { name: 'old-experiment', email: 'old-experiment@acme.example', ou: 'Sandbox' },
      ],
      scps: spec.scps.map((s) => (s.name === 'deny-outside-allowed-regions' ? { ...s, targets: [...s.targets, 'account:catalog-dev'] } : s)),
    });
    const id = (name: string) => seeded.accountIds.get(name)!;

    // WHEN drift runs
    const run = await lzIn(dir, 'drift', '--endpoint-url', moto.url);

    // THEN it names all three, one line each, and exits 4
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        `account-in-wrong-ou: account payments-prod (${id('payments-prod')}) is in Workloads/NonProd; config puts it in Workloads/Prod; lz deploy organization moves it back; to keep it there, set ou: Workloads/NonProd in config/products/payments.yaml environments.prod`,
        `account-not-in-config: account old-experiment (${id('old-experiment')}, old-experiment@acme.example) in Sandbox is ACTIVE in the organization but not in config; declare it in config (lz org import lists what config lacks), or suspend and close it`,
        `scp-attached-by-hand: SCP deny-outside-allowed-regions is attached to account catalog-dev (${id('catalog-dev')}); config does not attach it there; lz deploy organization detaches it; to keep it, list deny-outside-allowed-regions under serviceControlPolicies of account catalog-dev in config`,
        '3 drift findings.',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(4);
  });

  it('exits 0 when the organization is exactly what config declares', async () => {
    // GIVEN the example organization built as config declares it
    const dir = exampleProject();
    await seed(moto.url, exampleSpec(dir));

    // WHEN drift runs
    const run = await lzIn(dir, 'drift', '--endpoint-url', moto.url);

    // THEN there is nothing to report
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('No drift: the live organization matches config.\n');
    expect(run.code).toBe(0);
  });

  it('reports edited SCP content, an SCP detached by hand and a closed account, as JSON', async () => {
    // GIVEN the example organization where someone edited deny-all, detached deny-root-user from the root and closed analytics-sandbox
    const dir = exampleProject();
    const seeded = await seed(moto.url, exampleSpec(dir));
    const org = client(moto.url);
    const denyAll = seeded.policyIds.get('deny-all')!;
    await org.send(new UpdatePolicyCommand({ PolicyId: denyAll, Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}' }));
    await org.send(new DetachPolicyCommand({ PolicyId: seeded.policyIds.get('deny-root-user')!, TargetId: seeded.rootId }));
    await org.send(new CloseAccountCommand({ AccountId: seeded.accountIds.get('analytics-sandbox')! }));
    org.destroy();

    // WHEN drift runs with --format json
    const run = await lzIn(dir, 'drift', '--format', 'json', '--endpoint-url', moto.url);

    // THEN each finding is an object with its kind, subject, message and fix
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toEqual({
      count: 3,
      drift: [
        {
          kind: 'account-suspended',
          subject: 'account:analytics-sandbox',
          message: `account analytics-sandbox (${seeded.accountIds.get('analytics-sandbox')}) is SUSPENDED in the organization; config says it is active`,
          fix: 'set state: suspended in config/products/analytics.yaml environments.sandbox to record that it was closed, or reopen it through AWS Support within 90 days',
        },
        {
          kind: 'scp-content-differs',
          subject: 'scp:deny-all',
          message: `SCP deny-all (${denyAll}) differs from policies/scp/deny-all.json as rendered`,
          fix: "lz deploy organization restores the file's version; to keep the live one, copy it into the file",
        },
        {
          kind: 'scp-detached-by-hand',
          subject: 'scp:deny-root-user',
          message: `SCP deny-root-user is not attached to the root (${seeded.rootId}); config attaches it there`,
          fix: 'lz deploy organization attaches it again',
        },
      ],
    });
  });

  it('names RCPs changed by hand: one attached where config does not, one edited, and one config does not declare', async () => {
    // GIVEN the example organization where someone attached the landing zone's RCP to catalog-dev as well,
    // edited it, and attached an RCP of their own to the Sandbox OU
    const dir = exampleProject();
    const spec = exampleSpec(dir);
    const own = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}';
    const seeded = await seed(moto.url, {
      ...spec,
      rcps: [
        ...spec.rcps!.map((r) => ({ ...r, targets: [...r.targets, 'account:catalog-dev'] })),
        { name: 'hand-made', content: own, targets: ['ou:Sandbox'] },
      ],
    });
    const rcp = seeded.policyIds.get('rcp:product-roles-in-organization')!;
    const org = client(moto.url);
    await org.send(new UpdatePolicyCommand({ PolicyId: rcp, Content: own }));
    org.destroy();

    // WHEN drift runs
    const run = await lzIn(dir, 'drift', '--endpoint-url', moto.url);

    // THEN it names each, and exits 4
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        `rcp-attached-by-hand: RCP product-roles-in-organization is attached to account catalog-dev (${seeded.accountIds.get('catalog-dev')}); config does not attach it there; lz deploy organization detaches it; to keep it, list product-roles-in-organization under resourceControlPolicies of account catalog-dev in config`,
        `rcp-content-differs: RCP product-roles-in-organization (${rcp}) differs from policies/rcp/product-roles-in-organization.json as rendered; lz deploy organization restores the file's version; to keep the live one, copy it into the file`,
        `rcp-not-in-config: RCP hand-made (${seeded.policyIds.get('rcp:hand-made')}) is not in config and is attached to OU Sandbox; declare it under resourceControlPolicies in config with its document in policies/rcp/hand-made.json, or detach and delete it`,
        '3 drift findings.',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(4);
  });

  it('rejects an unknown --format before calling AWS', async () => {
    // GIVEN a project; WHEN drift is asked for yaml
    const run = await lzIn(exampleProject(), 'drift', '--format', 'yaml', '--endpoint-url', 'http://127.0.0.1:1');
    // THEN it says which formats exist
    expect(run.stderr).toBe('command line: --format yaml is not a format of lz drift; use --format text or --format json\n');
    expect(run.code).toBe(2);
  });
});
