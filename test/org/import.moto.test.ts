import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { startMoto, type MotoServer } from '../support/moto';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';
import { seed, specOf } from './seed';

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto?.stop();
});

const PERIMETER_RCP = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-exampleorg1"}}}]}';
const LEGACY_SCP = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*"}]}';

describe('lz org import against moto', () => {
  it('writes what config lacks, then synth imports every existing resource and creates only the new account', async () => {
    // (old-experiment is adopted as a member account; "Legacy Billing" has a name config does not allow)
    // GIVEN a live organization built by hand: the example one without catalog-dev (not created yet),
    // plus an OU Legacy with its own SCP and an account config does not know
    const dir = exampleProject();
    const spec = specOf(loadLandingZone(join(dir, 'config')));
    const seeded = await seed(moto.url, {
      ...spec,
      ous: [...spec.ous, 'Legacy'],
      accounts: [
        ...spec.accounts.filter((a) => a.name !== 'catalog-dev'),
        { name: 'old-experiment', email: 'old-experiment@acme.example', ou: 'Legacy' },
        { name: 'Legacy Billing', email: 'legacy-billing@acme.example', ou: 'Legacy' },
      ],
      scps: [...spec.scps, { name: 'legacy-guardrail', content: LEGACY_SCP, targets: ['ou:Legacy'] }],
    });
    const orgFile = join(dir, 'config', 'organization.yaml');
    const orgBefore = readFileSync(orgFile, 'utf8');

    // WHEN org import runs, then synth
    const imported = await lzIn(dir, 'org', 'import', '--endpoint-url', moto.url);
    const synth = await lzIn(dir, 'synth', 'organization');

    // THEN config gained the OU, the SCP and its attachment, and the lock the ids
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe(
      [
        'Added to config (config/organization.yaml, policies/scp/legacy-guardrail.json):',
        '  OU Legacy',
        '  SCP legacy-guardrail (policies/scp/legacy-guardrail.json)',
        '  account old-experiment (Legacy)',
        '  attachment of SCP legacy-guardrail to ou:Legacy',
        `Not adopted: account Legacy Billing (${seeded.accountIds.get('Legacy Billing')}): "Legacy Billing" is not an account name config allows; rename the account in AWS (Account settings) to 3 to 50 lowercase letters, digits and hyphens`,
        '1 accounts are not in config and stay unmanaged (listed in the lock file); fix what "Not adopted" says and run lz org import again, or declare them by hand:',
        `  Legacy Billing ${seeded.accountIds.get('Legacy Billing')} legacy-billing@acme.example Legacy`,
        'Wrote config/accounts.lock.yaml: 11 accounts matched to config by email.',
        'Next: lz synth, then review the import blocks in the organization stack before lz deploy organization.',
        '',
      ].join('\n'),
    );
    const orgAfter = readFileSync(orgFile, 'utf8');
    // only the adopted lines were added; every other byte of the file is as it was
    expect(orgAfter).toBe(
      orgBefore
        .replace('  Suspended:\n    serviceControlPolicies: [deny-all]\n', '  Suspended:\n    serviceControlPolicies: [deny-all]\n  Legacy:\n    serviceControlPolicies: [legacy-guardrail]\n')
        .replace('    description: Nobody in a suspended account can act but the bootstrap role, which its baseline applies through to take it off the network before it is closed.\n', '    description: Nobody in a suspended account can act but the bootstrap role, which its baseline applies through to take it off the network before it is closed.\n  legacy-guardrail:\n    description: legacy-guardrail\n') +
        'accounts:\n  old-experiment:\n    email: old-experiment@acme.example\n    ou: Legacy\n',
    );
    expect(JSON.parse(readFileSync(join(dir, 'policies', 'scp', 'legacy-guardrail.json'), 'utf8'))).toEqual(JSON.parse(LEGACY_SCP));

    // AND the organization stack imports what exists and creates only catalog-dev
    expect(synth.stderr).toBe('');
    expect(synth.code).toBe(0);
    const stack = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'organization', 'cdk.tf.json'), 'utf8'));
    const imports = new Map<string, string>(stack.import.map((i: { to: string; id: string }) => [i.to, i.id]));
    const lock = loadLandingZone(join(dir, 'config')).lock!;
    expect(imports.get('aws_organizations_organization.organization')).toBe(lock.organizationId);
    for (const [name, id] of seeded.accountIds) {
      if (name === 'Legacy Billing') continue;
      expect([name, imports.get(`aws_organizations_account.account-${name}`)]).toEqual([name, id]);
    }
    expect(imports.has('aws_organizations_account.account-catalog-dev')).toBe(false);
    expect(stack.resource.aws_organizations_account['account-catalog-dev'].email).toBe('aws+catalog-dev@acme.example');
    expect(imports.get('aws_organizations_organizational_unit.ou-Workloads-Prod')).toBe(seeded.ouIds.get('Workloads/Prod'));
    expect(imports.get('aws_organizations_organizational_unit.ou-Legacy')).toBe(seeded.ouIds.get('Legacy'));
    expect(imports.get('aws_organizations_policy.scp-legacy-guardrail')).toBe(seeded.policyIds.get('legacy-guardrail'));
    expect(imports.get('aws_organizations_policy_attachment.scp-legacy-guardrail-ou-Legacy')).toBe(
      `${seeded.ouIds.get('Legacy')}:${seeded.policyIds.get('legacy-guardrail')}`,
    );
    expect(imports.get('aws_organizations_policy_attachment.scp-deny-leave-organization-root')).toBe(
      `${seeded.rootId}:${seeded.policyIds.get('deny-leave-organization')}`,
    );
    expect([...imports.values()]).not.toContain(seeded.accountIds.get('Legacy Billing'));
    // 1 organization + 8 OUs + 11 accounts + 7 SCPs + 7 attachments (4 at the root, one each on Security, Suspended and Legacy)
    // + the RCP and its attachment at the root
    expect(stack.import).toHaveLength(1 + 8 + 11 + 7 + 7 + 2);

    // WHEN org import runs again, THEN it changes nothing
    const lockText = readFileSync(join(dir, 'config', 'accounts.lock.yaml'), 'utf8');
    const again = await lzIn(dir, 'org', 'import', '--endpoint-url', moto.url);
    expect(again.stdout.split('\n')[0]).toBe('Config already declares every OU, SCP, RCP, account and attachment of the organization it can.');
    expect(again.stdout).toContain('Unchanged: config/accounts.lock.yaml: 11 accounts matched to config by email.');
    expect(readFileSync(orgFile, 'utf8')).toBe(orgAfter);
    expect(readFileSync(join(dir, 'config', 'accounts.lock.yaml'), 'utf8')).toBe(lockText);
  });
});

describe('lz org import of resource control policies against moto', () => {
  // An organization of its own: the server above holds the other test's.
  let server: MotoServer;
  beforeAll(async () => {
    server = await startMoto();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const moto = { get url() { return server.url; } };

  it('adopts an RCP made by hand with its document and attachments; one on a product account is named, since those take their OU\'s', async () => {
    // GIVEN the example organization with an RCP of its own attached to Sandbox, acme-audit and payments-prod
    const dir = exampleProject();
    const spec = specOf(loadLandingZone(join(dir, 'config')));
    const seeded = await seed(moto.url, { ...spec, rcps: [...spec.rcps!, { name: 'data-perimeter', content: PERIMETER_RCP, targets: ['ou:Sandbox', 'account:acme-audit', 'account:payments-prod'] }] });
    const orgBefore = readFileSync(join(dir, 'config', 'organization.yaml'), 'utf8');

    // WHEN org import runs, then synth
    const imported = await lzIn(dir, 'org', 'import', '--endpoint-url', moto.url);
    const synth = await lzIn(dir, 'synth', 'organization');

    // THEN config declares the RCP, its document is written, and it is attached where config can say so
    expect(imported.stderr).toBe('');
    expect(imported.stdout.split('\n').slice(0, 5)).toEqual([
      'Added to config (config/organization.yaml, policies/rcp/data-perimeter.json):',
      '  RCP data-perimeter (policies/rcp/data-perimeter.json)',
      '  attachment of RCP data-perimeter to account:acme-audit',
      '  attachment of RCP data-perimeter to ou:Sandbox',
      `Not adopted: attachment of RCP data-perimeter to account:payments-prod: a product environment's account takes its RCPs from its OU; attach it to the OU, or detach it in AWS`,
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'policies', 'rcp', 'data-perimeter.json'), 'utf8'))).toEqual(JSON.parse(PERIMETER_RCP));
    const lz = loadLandingZone(join(dir, 'config'));
    expect(lz.organization.resourceControlPolicies!['data-perimeter']).toEqual({ description: 'data-perimeter' });
    expect(lz.organizationalUnits.find((o) => o.path === 'Sandbox')!.resourceControlPolicies).toEqual(['data-perimeter']);
    expect(lz.accounts.find((a) => a.name === 'acme-audit')!.resourceControlPolicies).toEqual(['data-perimeter']);
    expect(readFileSync(join(dir, 'config', 'organization.yaml'), 'utf8').startsWith(orgBefore.slice(0, orgBefore.indexOf('organizationalUnits:')))).toBe(true);

    // AND the organization stack imports the RCP and the two attachments config now declares
    expect(synth.code).toBe(0);
    const stack = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'organization', 'cdk.tf.json'), 'utf8'));
    const imports = new Map<string, string>(stack.import.map((i: { to: string; id: string }) => [i.to, i.id]));
    const id = seeded.policyIds.get('rcp:data-perimeter')!;
    expect([...imports].filter(([to]) => to.includes('data-perimeter'))).toEqual([
      ['aws_organizations_policy.rcp-data-perimeter', id],
      ['aws_organizations_policy_attachment.rcp-data-perimeter-ou-Sandbox', `${seeded.ouIds.get('Sandbox')}:${id}`],
      ['aws_organizations_policy_attachment.rcp-data-perimeter-account-acme-audit', `${seeded.accountIds.get('acme-audit')}:${id}`],
    ]);
  });
});
