/**
 * `lz plan` with the stand-in terraform, over stack folders written by hand so the counts are
 * known: the table, the guard on protected resources, and each output format.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleProject, type TestProject } from '../support/example';
import { lz } from '../support/cli';

const STAND_IN = join(__dirname, '..', 'support', 'stand-in-terraform.js');

/** organization: an organization and two accounts; network: a VPC and a subnet. */
function project(): TestProject {
  const p = exampleProject({ withLock: true });
  const stack = (name: string, resource: object) => {
    mkdirSync(join(p.dir, 'cdktf.out', 'stacks', name), { recursive: true });
    writeFileSync(join(p.dir, 'cdktf.out', 'stacks', name, 'cdk.tf.json'), JSON.stringify({ terraform: { backend: { s3: { key: name } } }, resource }));
  };
  stack('organization', {
    aws_organizations_organization: { organization: { feature_set: 'ALL' } },
    aws_organizations_account: { 'account-a': { name: 'a', email: 'a@example.com' }, 'account-b': { name: 'b', email: 'b@example.com' } },
  });
  stack('network', { aws_vpc: { hub: { cidr_block: '10.0.0.0/16' } }, aws_subnet: { a: { cidr_block: '10.0.0.0/24' } } });
  return p;
}

const replaceAccount = JSON.stringify({
  organization: [{ address: 'aws_organizations_account.account-a', type: 'aws_organizations_account', actions: ['delete', 'create'] }],
  network: [{ address: 'aws_route.gone', type: 'aws_route', actions: ['delete'] }],
});

async function plan(p: TestProject, ...args: string[]) {
  return lz(p.dir, 'plan', 'organization', 'network', '--only', '--no-synth', '--terraform', STAND_IN, ...args);
}

describe('lz plan', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    delete process.env.STAND_IN_CHANGES;
  });
  afterAll(() => {
    process.env.STAND_IN_CHANGES = saved.STAND_IN_CHANGES;
  });

  it('prints one table of every stack planned, and saves each plan for lz deploy', async () => {
    // GIVEN two stacks never applied; WHEN they are planned
    const p = project();
    const run = await plan(p);
    // THEN the table counts what each creates
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'STACK             ADD  CHANGE REPLACE DESTROY  IMPORT',
        'organization        3       0       0       0       0',
        'network             2       0       0       0       0',
        '2 stacks planned, 2 with changes.',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(p.read('cdktf.out/stacks/network/lz.tfplan.json')).summary).toEqual({ stack: 'network', add: 2, change: 0, replace: 0, destroy: 0, import: 0, protectedChanges: [] });
  });

  it('refuses a plan that replaces an account, naming it and the flag that allows it; a route may go', async () => {
    const p = project();
    process.env.STAND_IN_CHANGES = replaceAccount;
    const run = await plan(p);
    expect(run.stdout).toBe(
      [
        'STACK             ADD  CHANGE REPLACE DESTROY  IMPORT',
        'organization        2       0       1       0       0',
        'network             2       0       0       1       0',
        '2 stacks planned, 2 with changes.',
        '',
        'Protected resources the plans replace or destroy:',
        '  organization: replace aws_organizations_account.account-a (aws_organizations_account): REFUSED; to allow it: --allow-destroy organization:aws_organizations_account.account-a',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(1);
    // WHEN the replacement is named
    const allowed = await plan(p, '--allow-destroy', 'organization:aws_organizations_account.account-a');
    // THEN the plan passes and still shows it
    expect(allowed.stdout).toContain('  organization: replace aws_organizations_account.account-a (aws_organizations_account): allowed by --allow-destroy\n');
    expect(allowed.code).toBe(0);
  });

  it('writes Markdown for a pull request comment and JSON for tools', async () => {
    const p = project();
    process.env.STAND_IN_CHANGES = replaceAccount;
    const md = await plan(p, '--format', 'markdown');
    expect(md.stdout).toBe(
      [
        '### lz plan: :no_entry: refused',
        '',
        '2 stacks planned, 2 with changes.',
        '',
        '| Stack | Add | Change | Replace | Destroy | Import |',
        '|---|--:|--:|--:|--:|--:|',
        '| `organization` | 2 | 0 | 1 | 0 | 0 |',
        '| `network` | 2 | 0 | 0 | 1 | 0 |',
        '',
        '#### Protected resources replaced or destroyed',
        '',
        '- **refused**: replace `aws_organizations_account.account-a` (aws_organizations_account) in `organization` — allow with `--allow-destroy organization:aws_organizations_account.account-a`',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await plan(p, '--format', 'json')).stdout);
    expect(json.refused).toBe(true);
    expect(json.stacks.map((s: { stack: string; wave: number }) => [s.stack, s.wave])).toEqual([['organization', 1], ['network', 2]]);
    expect(json.protected).toEqual([{ stack: 'organization', address: 'aws_organizations_account.account-a', type: 'aws_organizations_account', action: 'replace', allowed: false }]);
  });

  it('writes the dependency waves of the stacks with changes as GitHub Actions matrices', async () => {
    const p = project();
    const run = await plan(p, '--format', 'github-matrix');
    expect(run.stdout).toBe(
      ['wave0={"stacks":[]}', 'wave1={"stacks":["organization"]}', 'wave2={"stacks":["network"]}', 'wave3={"stacks":[]}', 'wave4={"stacks":[]}', 'wave5={"stacks":[]}', 'waiting=false', ''].join('\n'),
    );
  });

  it('refuses an unknown format', async () => {
    const run = await plan(project(), '--format', 'yaml');
    expect(run.stderr).toBe('command line: --format yaml is not known; write one of text, json, markdown, github-matrix\n');
    expect(run.code).toBe(2);
  });
});
