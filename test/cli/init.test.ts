/**
 * `lz init` (#8.8): a fresh config for a real organization, from the example without its ids, and
 * the README runbook's offline steps on it: validate, product add, synth, policy lint and prove.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lz } from '../support/cli';
import { REPO, readTree } from '../support/example';

const INIT = ['init', '--name', 'globex', '--management-email', 'aws@globex.example', '--home-region', 'us-east-1', '--regions', 'us-east-1,us-west-2', '--github', 'globex/landing-zone'];

describe('lz init', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lz-init-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN an empty folder WHEN init runs THEN it writes the organization, policies and schemas, with no lock file and no example id, name or product', async () => {
    const r = await lz(dir, ...INIT);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Wrote \d+ files:$/);
    expect(existsSync(join(dir, 'config', 'accounts.lock.yaml'))).toBe(false);
    expect(readdirSync(join(dir, 'config', 'products'))).toEqual(['.gitkeep']);
    expect(readFileSync(join(dir, 'policies', 'scp', 'deny-all.json'), 'utf8')).toBe(readFileSync(join(REPO, 'policies', 'scp', 'deny-all.json'), 'utf8'));
    expect(existsSync(join(dir, 'schemas', 'organization.schema.json'))).toBe(true);
    const org = readFileSync(join(dir, 'config', 'organization.yaml'), 'utf8');
    expect(org).not.toMatch(/acme|example org|\d{12}|o-exampleorg1|on-premises|reservedCidrs/);
    expect(org).toContain('\nname: globex\nmanagementAccount:\n  name: globex-management\n  email: aws@globex.example\nhomeRegion: us-east-1\nallowedRegions: [us-east-1, us-west-2]\n');
    expect(org).toContain('  logArchive:\n    name: globex-log-archive\n    email: aws+globex-log-archive@globex.example\n');
    expect(org).toContain('\ngithub:\n  repository: globex/landing-zone\n  mainBranch: main\n');
    // AND alerts go to this organization's mailbox, and Identity Center keeps only assignments to its own core accounts
    expect(org).toContain('\nalerts:\n  emails: [security@globex.example]\n');
    expect(org).toContain('accounts: [globex-audit, globex-log-archive]');
    expect(org).not.toContain('products: [');
  });

  it('GIVEN the fresh config WHEN the runbook\'s offline steps run THEN validate, product add, synth, lint and prove pass, with every account pending', async () => {
    expect((await lz(dir, ...INIT)).code).toBe(0);
    const validate = await lz(dir, 'validate');
    expect(validate.stdout).toBe('5 accounts, 7 OUs, 0 products: config is valid.\n');
    expect((await lz(dir, 'product', 'add', 'orders', '--team', 'Orders', '--owner-email', 'orders@globex.example', '--cost-centre', 'CC-7')).code).toBe(0);
    const synth = await lz(dir, 'synth');
    expect(synth.stderr).toBe('');
    expect(synth.code).toBe(0);
    const organization = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'organization', 'cdk.tf.json'), 'utf8'));
    expect(organization.import).toBeUndefined();
    expect(Object.keys(organization.resource.aws_organizations_account).sort()).toEqual([
      'account-globex-audit',
      'account-globex-log-archive',
      'account-globex-network',
      'account-globex-shared-services',
      'account-orders-nonprod',
      'account-orders-prod',
    ]);
    const baseline = readFileSync(join(dir, 'cdktf.out', 'stacks', 'baseline-orders-prod', 'cdk.tf.json'), 'utf8');
    expect(baseline).toContain('arn:aws:iam::PENDING-orders-prod:role/');
    expect(baseline).not.toMatch(/111111111111|o-exampleorg1/);
    const note = 'config/accounts.lock.yaml does not exist yet, so every account is reviewed with a placeholder id (PENDING-<account-name>); 6 accounts are created on apply, and `lz deploy` records the ids.';
    const lint = await lz(dir, 'policy', 'lint');
    expect(lint.code).toBe(0);
    expect(lint.stdout.trimEnd().split('\n').pop()).toBe(note);
    const prove = await lz(dir, 'policy', 'prove');
    expect(prove.code).toBe(0);
    expect(prove.stdout.trimEnd().split('\n').pop()).toBe(note);
  });

  it('GIVEN a folder that holds a config WHEN init runs THEN it names what is in the way and writes nothing', async () => {
    mkdirSync(join(dir, 'config', 'products'), { recursive: true });
    writeFileSync(join(dir, 'config', 'organization.yaml'), 'name: mine\n');
    writeFileSync(join(dir, 'config', 'accounts.lock.yaml'), 'mine\n');
    const before = readTree(dir);
    const r = await lz(dir, ...INIT);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'config/organization.yaml: already exists; lz init writes a fresh config folder and never overwrites one; choose another folder with --config, or move config aside first (in a clone of the landing-zone repository, config/ holds the example)',
        'config/products: already exists; lz init writes a fresh config folder and never overwrites one; choose another folder with --config, or move config aside first (in a clone of the landing-zone repository, config/ holds the example)',
        'config/accounts.lock.yaml: already exists; lz init writes a fresh config folder and never overwrites one; choose another folder with --config, or move config aside first (in a clone of the landing-zone repository, config/ holds the example)',
        '3 problems found; nothing was written.',
        '',
      ].join('\n'),
    );
    expect(readTree(dir)).toEqual(before);
  });

  it('GIVEN a policy file of the user\'s own WHEN init runs THEN it keeps it, names it and writes nothing', async () => {
    mkdirSync(join(dir, 'policies', 'scp'), { recursive: true });
    writeFileSync(join(dir, 'policies', 'scp', 'deny-all.json'), '{"mine": true}\n');
    const before = readTree(dir);
    const r = await lz(dir, ...INIT);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      "policies/scp/deny-all.json: already exists and differs from the landing zone's own; keep it if it is yours; lz init left it alone and wrote nothing, so move it aside and run lz init again to get the landing zone's",
    );
    expect(readTree(dir)).toEqual(before);
  });

  it('GIVEN bad values WHEN init runs THEN each is named with the form to use, and nothing is written', async () => {
    const r = await lz(dir, 'init', '--name', 'Globex', '--management-email', 'aws@globex.example', '--home-region', 'us-east-1', '--regions', 'us-west-2', '--github', 'globex');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        'command line: --name Globex is not a valid name; use 2 to 32 lowercase letters, digits and hyphens, starting with a letter',
        'command line: --management-name Globex-management is not a valid account name; use 3 to 50 lowercase letters, digits and hyphens, starting with a letter, e.g. payments-prod',
        'command line: --regions us-west-2 does not include the home region us-east-1; add it, e.g. --regions us-east-1,us-west-2',
        'command line: --github globex is not a GitHub repository; write it as owner/name, e.g. --github acme/landing-zone',
        '4 problems found; nothing was written.',
        '',
      ].join('\n'),
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
