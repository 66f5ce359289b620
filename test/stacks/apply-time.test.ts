/**
 * Apply-time properties of the synthesized Terraform (#8.5): every stack requires the Terraform that
 * S3 native locking needs, and the organization creates accounts one after another.
 */
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { loadLandingZone } from '../../src/config/load';
import { buildApp } from '../../src/synth/synth';
import { lz as runLz } from '../support/cli';
import { exampleProject, REPO } from '../support/example';
import { resources, synthStack } from '../support/synth';

const lz = loadLandingZone(join(REPO, 'config'));

describe('every stack', () => {
  it('GIVEN the example WHEN every stack is synthesized THEN each requires Terraform >= 1.10 (use_lockfile needs it)', () => {
    const app = Testing.app() as App;
    const stacks = buildApp(app, lz);
    expect(stacks.length).toBeGreaterThan(10);
    const versions = Object.fromEntries(stacks.map((s) => [s.node.id, JSON.parse(Testing.synth(s)).terraform.required_version]));
    for (const [name, version] of Object.entries(versions)) expect([name, version]).toEqual([name, '>= 1.10']);
  });
});

describe('organization stack: accounts', () => {
  const chain = (json: ReturnType<typeof synthStack>['json']) =>
    Object.entries(resources(json, 'aws_organizations_account')).map(([address, r]) => [address, r.depends_on ?? []]);

  it('GIVEN the example WHEN synthesized THEN each account waits for the one before it, in config order', () => {
    expect(Object.fromEntries(chain(synthStack(lz, 'organization').json))).toEqual(Object.fromEntries([
      ['account-acme-log-archive', []],
      ['account-acme-audit', ['aws_organizations_account.account-acme-log-archive']],
      ['account-acme-network', ['aws_organizations_account.account-acme-audit']],
      ['account-acme-shared-services', ['aws_organizations_account.account-acme-network']],
      ['account-analytics-nonprod', ['aws_organizations_account.account-acme-shared-services']],
      ['account-analytics-prod', ['aws_organizations_account.account-analytics-nonprod']],
      ['account-analytics-sandbox', ['aws_organizations_account.account-analytics-prod']],
      ['account-catalog-dev', ['aws_organizations_account.account-analytics-sandbox']],
      ['account-catalog-prod', ['aws_organizations_account.account-catalog-dev']],
      ['account-payments-prod', ['aws_organizations_account.account-catalog-prod']],
      ['account-payments-staging', ['aws_organizations_account.account-payments-prod']],
    ]));
  });

  it('GIVEN a product added WHEN synthesized THEN its accounts join the chain and no account address changes', async () => {
    const p = exampleProject();
    try {
      expect((await runLz(p.dir, 'product', 'add', 'orders', '--team', 'Orders', '--owner-email', 'orders@acme.example', '--cost-centre', 'CC-7')).code).toBe(0);
      const after = chain(synthStack(loadLandingZone(p.configDir), 'organization').json);
      const before = chain(synthStack(lz, 'organization').json).map(([address]) => address);
      expect(after.map(([address]) => address).filter((a) => !String(a).includes('orders'))).toEqual(before);
      const dependsOn = Object.fromEntries(after);
      expect(dependsOn['account-orders-nonprod']).toEqual(['aws_organizations_account.account-catalog-prod']);
      expect(dependsOn['account-orders-prod']).toEqual(['aws_organizations_account.account-orders-nonprod']);
      expect(dependsOn['account-payments-prod']).toEqual(['aws_organizations_account.account-orders-prod']);
      // Exactly one account starts the chain: no two are created at the same time.
      expect(after.filter(([, d]) => (d as string[]).length === 0)).toHaveLength(1);
    } finally {
      p.remove();
    }
  });
});
