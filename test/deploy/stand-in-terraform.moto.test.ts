/**
 * The stand-in terraform the deploy tests and the benchmark run: it must behave like Terraform
 * where lz depends on it (saved plans, show -json, stale plans, cues), or the deploy tests prove
 * nothing. Both ways of running it answer alike: as a node process per invocation, and through
 * its server (stand-in-terraform.sh handing each invocation to one process, as the 300-stack test
 * and the benchmark run it).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { useMoto } from '../support/moto';
import { STAND_IN_JS, STAND_IN_SH, startStandInServer, type StandInServer } from '../support/stand-in-server';

const moto = useMoto();
let server: StandInServer;
beforeAll(async () => {
  server = await startStandInServer();
});
afterAll(() => server.stop());

function stackDir(name: string, config: object): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'lz-stand-in-')), 'stacks', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(config));
  return dir;
}

let served = false;

function tf(dir: string, env: Record<string, string>, ...args: string[]) {
  const run = spawnSync(served ? STAND_IN_SH : STAND_IN_JS, [`-chdir=${dir}`, ...args], {
    encoding: 'utf8',
    env: { ...process.env, AWS_ENDPOINT_URL: moto.url, ...(served ? { STAND_IN_SERVER: server.port } : {}), ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const actionsOf = (show: string) => Object.fromEntries((JSON.parse(show).resource_changes as { address: string; change: { actions: string[] } }[]).map((c) => [c.address, c.change.actions]));

describe.each([
  ['as a process of its own', false],
  ['through its server', true],
])('stand-in terraform, %s', (_how, throughServer) => {
  beforeAll(() => {
    served = throughServer;
  });

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

describe('stand-in terraform through its server', () => {
  it('fails naming the port when no server listens there', () => {
    const run = spawnSync(STAND_IN_SH, ['version'], { encoding: 'utf8', env: { ...process.env, STAND_IN_SERVER: '1' } });
    expect([run.status, run.stderr]).toEqual([1, '\nError: the stand-in terraform server is not listening on 127.0.0.1:1 (STAND_IN_SERVER)\n\n']);
  });

  it('passes arguments with spaces and empty ones through unchanged, and answers concurrent invocations', async () => {
    // GIVEN a stack folder whose name has a space
    const dir = stackDir('with space', { resource: { aws_s3_bucket: { b: { bucket: 'b' } } } });
    const log = join(dir, '..', 'log.jsonl');
    const env = { ...process.env, STAND_IN_SERVER: server.port, STAND_IN_LOG: log, STAND_IN_SLEEP_MS: '1000' };
    expect(spawnSync(STAND_IN_SH, [`-chdir=${dir}`, 'init', ''], { env }).status).toBe(0);
    // WHEN an apply that sleeps 1 s and ten plans run at once
    const { spawn } = await import('node:child_process');
    const runOne = (args: string[]) =>
      new Promise<number>((resolve) => spawn(STAND_IN_SH, [`-chdir=${dir}`, ...args], { env, stdio: 'ignore' }).on('close', (c) => resolve(c ?? -1)));
    const codes = await Promise.all([runOne(['apply', '-auto-approve']), ...Array.from({ length: 10 }, (_, i) => runOne(['plan', `-out=p${i}`]))]);
    // THEN each succeeded, plans were answered while the apply slept, and the log has the argv as given
    expect(codes).toEqual(Array(11).fill(0));
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { command: string; argv: string[]; start: number; end: number });
    expect(lines[0].argv).toEqual([`-chdir=${dir}`, 'init', '']);
    const applies = lines.filter((l) => l.command === 'apply');
    expect(applies.length).toBe(1);
    expect(lines.filter((l) => l.command === 'plan' && l.start >= applies[0].start && l.end <= applies[0].end).length).toBeGreaterThan(0);
  });
});
