/**
 * The stand-in terraform the deploy tests and the benchmark run: it must behave like Terraform
 * where lz depends on it (saved plans, show -json, stale plans, cues), or the deploy tests prove
 * nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { useMoto } from '../support/moto';

export const STAND_IN = join(__dirname, '..', 'support', 'stand-in-terraform.js');

const moto = useMoto();

function stackDir(name: string, config: object): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'lz-stand-in-')), 'stacks', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(config));
  return dir;
}

function tf(dir: string, env: Record<string, string>, ...args: string[]) {
  const run = spawnSync(STAND_IN, [`-chdir=${dir}`, ...args], { encoding: 'utf8', env: { ...process.env, AWS_ENDPOINT_URL: moto.url, ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const actionsOf = (show: string) => Object.fromEntries((JSON.parse(show).resource_changes as { address: string; change: { actions: string[] } }[]).map((c) => [c.address, c.change.actions]));

describe('stand-in terraform', () => {
  it('plans creates, then nothing after apply, then an update and a delete when the configuration changes', () => {
    // GIVEN a stack with two resources, initialized
    const dir = stackDir('network', { resource: { aws_vpc: { a: { cidr_block: '10.0.0.0/16' } }, aws_s3_bucket: { b: { bucket: 'b' } } } });
    const log = join(dir, '..', 'log.jsonl');
    expect(tf(dir, { STAND_IN_LOG: log }, 'init', '-input=false').code).toBe(0);
    // WHEN it is planned, shown, and the plan applied
    expect(tf(dir, { STAND_IN_LOG: log }, 'plan', '-input=false', '-out=tfplan').code).toBe(0);
    expect(actionsOf(tf(dir, {}, 'show', '-json', 'tfplan').stdout)).toEqual({ 'aws_s3_bucket.b': ['create'], 'aws_vpc.a': ['create'] });
    const applied = tf(dir, { STAND_IN_LOG: log }, 'apply', '-input=false', 'tfplan');
    expect(applied.stdout).toBe('\nApply complete! Resources: 0 imported, 2 added, 0 changed, 0 destroyed.\n');
    // THEN a second plan changes nothing; the same saved plan is now stale
    expect(tf(dir, {}, 'apply', '-input=false', 'tfplan').stderr).toContain('Saved plan is stale');
    expect(tf(dir, {}, 'plan', '-out=tfplan', '-detailed-exitcode').code).toBe(0);
    expect(actionsOf(tf(dir, {}, 'show', '-json', 'tfplan').stdout)).toEqual({ 'aws_s3_bucket.b': ['no-op'], 'aws_vpc.a': ['no-op'] });
    // WHEN the VPC changes and the bucket goes
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify({ resource: { aws_vpc: { a: { cidr_block: '10.1.0.0/16' } } } }));
    expect(tf(dir, {}, 'plan', '-out=tfplan', '-detailed-exitcode').code).toBe(2);
    expect(actionsOf(tf(dir, {}, 'show', '-json', 'tfplan').stdout)).toEqual({ 'aws_s3_bucket.b': ['delete'], 'aws_vpc.a': ['update'] });
    // AND every invocation was logged with its stack, command and argv
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.stack, l.command, l.exit])).toEqual([['network', 'init', 0], ['network', 'plan', 0], ['network', 'apply', 0]]);
    expect(lines[2].argv).toEqual([`-chdir=${dir}`, 'apply', '-input=false', 'tfplan']);
    expect(lines[2].env.AWS_ENDPOINT_URL).toBe(moto.url);
  });

  it('shows cued replacements and fails on cue, naming the stack', () => {
    const dir = stackDir('organization', { resource: { aws_kms_key: { k: {} } } });
    tf(dir, {}, 'init');
    const changes = JSON.stringify({ organization: [{ address: 'aws_organizations_account.account-x', type: 'aws_organizations_account', actions: ['delete', 'create'] }] });
    tf(dir, { STAND_IN_CHANGES: changes }, 'plan', '-out=tfplan');
    expect(actionsOf(tf(dir, {}, 'show', '-json', 'tfplan').stdout)).toEqual({ 'aws_kms_key.k': ['create'], 'aws_organizations_account.account-x': ['delete', 'create'] });
    const failed = tf(dir, { STAND_IN_FAIL: 'organization' }, 'apply', 'tfplan');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('\nError: stand-in apply of organization failed on cue (STAND_IN_FAIL)\n\n');
    expect(tf(dir, { STAND_IN_FAIL: 'organization:plan' }, 'plan', '-out=tfplan').code).toBe(1);
  });

  it("creates the organization stack's OUs and accounts in the AWS API when it applies them", async () => {
    // GIVEN an organization stack with one OU and one account in it, the way cdktf writes them
    const dir = stackDir('organization', {
      resource: {
        aws_organizations_organization: { organization: { feature_set: 'ALL' } },
        aws_organizations_organizational_unit: { 'ou-Prod': { name: 'Prod', parent_id: '${aws_organizations_organization.organization.roots[0].id}' } },
        aws_organizations_account: { 'account-orders-prod': { name: 'orders-prod', email: 'orders-prod@example.com', parent_id: '${aws_organizations_organizational_unit.ou-Prod.id}' } },
      },
    });
    tf(dir, {}, 'init');
    // WHEN it is applied
    const run = tf(dir, {}, 'apply', '-auto-approve');
    expect(run.stderr).toBe('');
    // THEN the account exists in the organization
    const client = new OrganizationsClient({ endpoint: moto.url, region: 'us-east-1' });
    const accounts = (await client.send(new ListAccountsCommand({}))).Accounts ?? [];
    client.destroy();
    expect(accounts.filter((a) => a.Name === 'orders-prod').map((a) => [a.Email, a.Status])).toEqual([['orders-prod@example.com', 'ACTIVE']]);
  });

  it('answers version -json', () => {
    const dir = stackDir('x', {});
    expect(JSON.parse(tf(dir, { STAND_IN_VERSION: '1.11.0' }, 'version', '-json').stdout).terraform_version).toBe('1.11.0');
  });
});
