/**
 * Accounts that do not exist yet (#8.2): a product added before its accounts are created validates,
 * synthesizes with `PENDING-<name>` wherever the account id goes, is never imported, and passes
 * policy lint and prove, which say that it is created on apply.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { accountIdOf, isPendingAccount, managementAccountIdOf, organizationIdOf, rootIdOf } from '../../src/config/lock';
import { isAccountId, isPendingAccountId, pendingAccountId, pendingAccountName } from '../../src/config/pending';
import { accountsOf } from '../../src/policies/model';
import { lz } from '../support/cli';
import { exampleProject, REPO, type TestProject } from '../support/example';
import { resources, synthStack } from '../support/synth';

const ADD_ORDERS = ['product', 'add', 'orders', '--team', 'Orders', '--owner-email', 'orders@acme.example', '--cost-centre', 'CC-7'];

describe('pending account ids', () => {
  it('are PENDING-<account-name>, recognised as account ids but never as real ones', () => {
    expect(pendingAccountId('orders-prod')).toBe('PENDING-orders-prod');
    expect(isPendingAccountId('PENDING-orders-prod')).toBe(true);
    expect(isPendingAccountId('123456789012')).toBe(false);
    expect(isPendingAccountId('PENDING-ORGANIZATION')).toBe(false);
    expect(pendingAccountName('PENDING-orders-prod')).toBe('orders-prod');
    expect(pendingAccountName('123456789012')).toBeUndefined();
    expect(isAccountId('PENDING-orders-prod')).toBe(true);
    expect(isAccountId('123456789012')).toBe(true);
    expect(isAccountId('12345678901')).toBe(false);
    expect(isAccountId('*')).toBe(false);
  });

  it('come from the lock file when it has them, the placeholder when it has not', () => {
    const p = exampleProject();
    try {
      p.replace('config/accounts.lock.yaml', /^ {2}payments-prod: .*\n/m, '');
      const model = loadLandingZone(p.configDir);
      expect(accountIdOf(model, 'payments-prod')).toBe('PENDING-payments-prod');
      expect(isPendingAccount(model, 'payments-prod')).toBe(true);
      expect(accountIdOf(model, 'payments-staging')).toBe('555555555502');
      expect(managementAccountIdOf(model)).toBe('111111111111');
      expect(isPendingAccount(model, 'acme-management')).toBe(false);
      expect(organizationIdOf(model)).toBe('o-exampleorg1');
    } finally {
      p.remove();
    }
  });

  it('without a lock file, every id, the organization and root ids included, is a placeholder', () => {
    const p = exampleProject({ withLock: false });
    try {
      const model = loadLandingZone(p.configDir);
      expect(managementAccountIdOf(model)).toBe('PENDING-acme-management');
      expect(organizationIdOf(model)).toBe('PENDING-ORGANIZATION');
      expect(rootIdOf(model)).toBe('PENDING-ROOT');
      const { json, policies } = synthStack(model, 'baseline-acme-audit');
      expect(json.provider!.aws[0].assume_role[0].role_arn).toBe('arn:aws:iam::PENDING-acme-audit:role/OrganizationAccountAccessRole');
      const mentioning = (text: string) => policies.filter((r) => JSON.stringify(r.document).includes(text)).map((r) => r.name);
      expect(mentioning('arn:aws:iam::PENDING-acme-management:').length).toBeGreaterThan(0);
      const security = synthStack(model, 'security').policies;
      expect(security.filter((r) => JSON.stringify(r.document).includes('PENDING-ORGANIZATION')).length).toBeGreaterThan(0);
      const { json: org } = synthStack(model, 'organization');
      expect(org.import).toBeUndefined();
    } finally {
      p.remove();
    }
  });
});

describe('a product added before its accounts exist', () => {
  let p: TestProject;
  beforeAll(async () => {
    p = exampleProject();
    const added = await lz(p.dir, ...ADD_ORDERS);
    expect(added.code).toBe(0);
  });
  afterAll(() => p.remove());

  it('validates', async () => {
    const r = await lz(p.dir, 'validate');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('14 accounts, 7 OUs, 4 products: config is valid.\n');
    expect(r.code).toBe(0);
  });

  it('synthesizes its baseline with the placeholder as the account id: provider role, key policies, roles, parameters', async () => {
    const r = await lz(p.dir, 'synth');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(p.dir, 'cdktf.out/stacks/baseline-orders-prod/cdk.tf.json'), 'utf8'));
    expect(json.provider.aws[0].assume_role[0].role_arn).toBe('arn:aws:iam::PENDING-orders-prod:role/OrganizationAccountAccessRole');
    const idParameter = Object.values(resources(json, 'aws_ssm_parameter')).find((r: any) => r.name === '/landing-zone/account/id');
    expect(idParameter.value).toBe('PENDING-orders-prod');
    const keyPolicies = Object.values(resources(json, 'aws_kms_key')).map((k: any) => k.policy as string);
    expect(keyPolicies.length).toBeGreaterThan(0);
    for (const policy of keyPolicies) expect(policy).toContain('arn:aws:iam::PENDING-orders-prod:role/');
    const deployTrust = JSON.parse(readFileSync(join(p.dir, 'cdktf.out/policies/baseline-orders-prod/role-LandingZoneDeploy-trust.json'), 'utf8'));
    expect(JSON.stringify(deployTrust)).not.toContain('PENDING');
    const boundary = readFileSync(join(p.dir, 'cdktf.out/policies/baseline-orders-prod/boundary-product-boundary.json'), 'utf8');
    expect(boundary).toContain('arn:aws:iam::PENDING-orders-prod:');
    // Accounts that exist keep their real ids.
    const payments = readFileSync(join(p.dir, 'cdktf.out/stacks/baseline-payments-prod/cdk.tf.json'), 'utf8');
    expect(payments).not.toContain('PENDING');
  });

  it('creates its accounts in the organization stack without import blocks, and imports every account that exists', () => {
    const { json } = synthStack(loadLandingZone(p.configDir), 'organization');
    const accounts = resources(json, 'aws_organizations_account');
    expect(accounts['account-orders-prod']).toMatchObject({ name: 'orders-prod', email: 'aws+orders-prod@acme.example' });
    const imported = json.import!.filter((i) => i.to.startsWith('aws_organizations_account.')).map((i) => i.to).sort();
    expect(imported).toHaveLength(11);
    expect(imported).not.toContain('aws_organizations_account.account-orders-prod');
    expect(imported).not.toContain('aws_organizations_account.account-orders-nonprod');
    expect(JSON.stringify(json.import)).not.toContain('PENDING');
    const attachments = json.import!.filter((i) => i.to.startsWith('aws_organizations_policy_attachment.')).map((i) => i.to);
    expect(attachments.filter((to) => to.includes('orders'))).toEqual([]);
  });

  it('is marked pending in the policy model', () => {
    const orders = accountsOf(loadLandingZone(p.configDir)).filter((a) => a.product === 'orders');
    expect(orders.map((a) => [a.name, a.id, a.pending])).toEqual([
      ['orders-nonprod', 'PENDING-orders-nonprod', true],
      ['orders-prod', 'PENDING-orders-prod', true],
    ]);
  });

  it('passes policy lint, which says the accounts are created on apply', async () => {
    const r = await lz(p.dir, 'policy', 'lint');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '2 accounts are created on apply, reviewed with placeholder ids: orders-nonprod (PENDING-orders-nonprod), orders-prod (PENDING-orders-prod).\n',
    );
  });

  it('passes policy prove, which says the accounts are created on apply', async () => {
    const r = await lz(p.dir, 'policy', 'prove');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nAll \d+ guardrails hold/);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe(
      '2 accounts are created on apply, reviewed with placeholder ids: orders-nonprod (PENDING-orders-nonprod), orders-prod (PENDING-orders-prod).',
    );
  });
});

describe('the example organization', () => {
  it('has no pending account', () => {
    expect(accountsOf(loadLandingZone(join(REPO, 'config'))).filter((a) => a.pending)).toEqual([]);
  });
});
