/**
 * `lz deploy PRODUCT/ENV` from an organization that has none of config's accounts: it applies the
 * organization stack (the stand-in creates the accounts in moto), waits for them, records their
 * ids, then applies the stacks after it up to the product stack. Against moto server with the
 * stand-in terraform.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateOrganizationCommand, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { useMoto } from '../support/moto';
import { exampleProject } from '../support/example';
import { lz } from '../support/cli';
import { client, seed, specOf } from '../org/seed';
import { loadLandingZone } from '../../src/config/load';

const STAND_IN = join(__dirname, '..', 'support', 'stand-in-terraform.js');
const moto = useMoto();

interface Invocation {
  readonly stack: string;
  readonly command: string;
  readonly argv: readonly string[];
  readonly exit: number;
}

function invocations(log: string): Invocation[] {
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Invocation) : [];
}

describe('lz deploy from nothing (moto + stand-in terraform)', () => {
  const saved = { ...process.env };
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'lz-deploy-'));
    process.env.AWS_ENDPOINT_URL = moto.url;
    process.env.STAND_IN_LOG = join(work, 'terraform.jsonl');
    process.env.STAND_IN_STATE_DIR = join(work, 'state');
    process.env.LZ_ACCOUNT_POLL_MS = '100';
  });
  afterEach(() => {
    for (const k of ['AWS_ENDPOINT_URL', 'STAND_IN_LOG', 'STAND_IN_STATE_DIR', 'LZ_ACCOUNT_POLL_MS', 'STAND_IN_FAIL']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    rmSync(work, { recursive: true, force: true });
  });

  async function emptyOrganization(): Promise<void> {
    const org = client(moto.url);
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    org.destroy();
    // The state bucket, as the bootstrap stack creates it (the stand-in creates no buckets).
    const s3 = new S3Client({ endpoint: moto.url, region: 'us-east-1', forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-landing-zone-state' }));
    s3.destroy();
  }

  it('applies the organization, waits for the new accounts, records their ids, then applies up to the product stack; a re-run applies nothing', async () => {
    // GIVEN an organization with only its management account, and config without a lock file
    await emptyOrganization();
    const project = exampleProject({ withLock: false });
    // WHEN payments/prod is deployed
    const run = await lz(project.dir, 'deploy', 'payments/prod', '--terraform', STAND_IN, '--skip-preflight', '--endpoint-url', moto.url, '--parallelism', '4');
    // THEN it succeeds
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // AND applied bootstrap and organization, then (after the wait) the stacks up to the product stack
    const applies = invocations(process.env.STAND_IN_LOG!).filter((i) => i.command === 'apply');
    // (stacks of the first phase that the new ids do not change are skipped the second time)
    expect(applies.map((i) => i.stack)).toEqual(['bootstrap', 'organization', expect.any(String), expect.any(String), 'baseline-payments-prod', 'product-payments-prod']);
    expect(applies.slice(2, 4).map((i) => i.stack).sort()).toEqual(['network', 'security']);
    expect(applies.every((i) => i.argv.at(-1) === 'lz.tfplan' && i.exit === 0)).toBe(true);
    expect(run.stdout).toContain('Waiting for acme-log-archive, acme-audit, acme-network, acme-shared-services, analytics-nonprod, analytics-prod, analytics-sandbox, catalog-dev, catalog-prod, payments-prod, payments-staging to be ACTIVE, then recording their ids...\n');
    // AND the lock file holds the ids the organization gave the new accounts
    const org = client(moto.url);
    const live = (await org.send(new ListAccountsCommand({}))).Accounts ?? [];
    org.destroy();
    const paymentsProd = live.find((a) => a.Email === 'aws+payments-prod@acme.example')!;
    expect(project.read('config/accounts.lock.yaml')).toContain(`  payments-prod: { id: "${paymentsProd.Id}", email: aws+payments-prod@acme.example, ouPath: "Workloads/Prod", status: ACTIVE }\n`);
    // AND the product stack's provider assumes the deploy role in that account
    const product = JSON.parse(project.read('cdktf.out/stacks/product-payments-prod/cdk.tf.json'));
    expect(JSON.stringify(product.provider.aws)).toContain(`arn:aws:iam::${paymentsProd.Id}:role/`);
    // AND each stack kept its log
    expect(readFileSync(join(project.dir, '.lz', 'logs', 'product-payments-prod.log'), 'utf8')).toContain('Apply complete!');

    // WHEN it runs again with nothing changed
    const before = invocations(process.env.STAND_IN_LOG!).length;
    const again = await lz(project.dir, 'deploy', 'payments/prod', '--terraform', STAND_IN, '--skip-preflight', '--endpoint-url', moto.url);
    // THEN no terraform runs at all: every stack is as last applied
    expect(again.code).toBe(0);
    expect(invocations(process.env.STAND_IN_LOG!).slice(before)).toEqual([]);
    expect(again.stdout.split('\n').filter((l) => l.includes('unchanged')).length).toBe(6);
  });

  it('stops after a failed stack, lets the others finish, and resumes from it when run again', async () => {
    // GIVEN an empty organization; the network stack fails
    await emptyOrganization();
    const project = exampleProject({ withLock: false });
    process.env.STAND_IN_FAIL = 'network';
    // WHEN payments/prod is deployed
    const run = await lz(project.dir, 'deploy', 'payments/prod', '--terraform', STAND_IN, '--skip-preflight', '--endpoint-url', moto.url);
    // THEN it fails naming the stack, its error and its log, and says what was not started
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'stack network: terraform apply failed: stand-in apply of network failed on cue (STAND_IN_FAIL); read ' +
        `${join(project.dir, '.lz', 'logs', 'network.log')}, fix the cause, then run the same command again: it resumes with this stack\n`,
    );
    expect(run.stdout).toContain('\nNot started after the failure: 2 stacks (baseline-payments-prod, product-payments-prod); run the same command again once fixed: applied stacks are skipped.\n');
    // AND the ids were recorded before (the organization was applied)
    expect(project.read('config/accounts.lock.yaml')).toContain('payments-prod: { id: ');
    // WHEN the cause is gone and it runs again
    delete process.env.STAND_IN_FAIL;
    const before = invocations(process.env.STAND_IN_LOG!).length;
    const again = await lz(project.dir, 'deploy', 'payments/prod', '--terraform', STAND_IN, '--skip-preflight', '--endpoint-url', moto.url);
    // THEN it applies only what was not applied: network, then the baseline and the product stack
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(invocations(process.env.STAND_IN_LOG!).slice(before).filter((i) => i.command === 'apply').map((i) => i.stack)).toEqual(['network', 'baseline-payments-prod', 'product-payments-prod']);
  });
});

describe('lz deploy of a new product in a running organization (moto + stand-in terraform)', () => {
  const saved = { ...process.env };
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'lz-deploy-'));
    process.env.AWS_ENDPOINT_URL = moto.url;
    process.env.STAND_IN_LOG = join(work, 'terraform.jsonl');
    process.env.STAND_IN_STATE_DIR = join(work, 'state');
    process.env.LZ_ACCOUNT_POLL_MS = '100';
  });
  afterEach(() => {
    for (const k of ['AWS_ENDPOINT_URL', 'STAND_IN_LOG', 'STAND_IN_STATE_DIR', 'LZ_ACCOUNT_POLL_MS']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('lz product add orders, lz product init orders, then lz deploy orders/prod creates its account, records it and applies up to its product stack', async () => {
    // GIVEN an organization as config declares it, its ids synced into the lock file
    const project = exampleProject({ withLock: false });
    await seed(moto.url, specOf(loadLandingZone(project.configDir)));
    expect((await lz(project.dir, 'accounts', 'sync', '--endpoint-url', moto.url)).code).toBe(0);
    const s3 = new S3Client({ endpoint: moto.url, region: 'eu-west-1', forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-landing-zone-state', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    s3.destroy();
    // AND a new product whose account does not exist yet, with a stack of its own
    expect((await lz(project.dir, 'product', 'add', 'orders', '--team', 'orders', '--owner-email', 'orders@acme.example', '--cost-centre', 'cc-42', '--environments', 'prod')).code).toBe(0);
    expect((await lz(project.dir, 'product', 'init', 'orders')).code).toBe(0);
    // WHEN orders/prod is deployed
    const run = await lz(project.dir, 'deploy', 'orders/prod', '--terraform', STAND_IN, '--skip-preflight', '--endpoint-url', moto.url, '--parallelism', '4');
    // THEN it ran to the product stack
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Waiting for orders-prod to be ACTIVE, then recording their ids...\n');
    const applies = invocations(process.env.STAND_IN_LOG!).filter((i) => i.command === 'apply').map((i) => i.stack);
    expect(applies.slice(0, 2)).toEqual(['bootstrap', 'organization']);
    expect(applies.slice(-2)).toEqual(['baseline-orders-prod', 'product-orders-prod']);
    expect(applies.slice(2, -2).sort()).toEqual(['network', 'security']);
    // AND the lock file has the id the organization gave orders-prod, in its OU
    const org = client(moto.url);
    const live = (await org.send(new ListAccountsCommand({}))).Accounts ?? [];
    org.destroy();
    const orders = live.find((a) => a.Name === 'orders-prod')!;
    expect(project.read('config/accounts.lock.yaml')).toMatch(new RegExp(`^  orders-prod: \\{ id: "${orders.Id}", email: [^,]+, ouPath: "Workloads/Prod", status: ACTIVE \\}$`, 'm'));
  });
});
