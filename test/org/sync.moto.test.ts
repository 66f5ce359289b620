import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { useMoto } from '../support/moto';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';
import { seed, specOf, type Seeded } from './seed';

const moto = useMoto();

function lockOf(dir: string): string {
  return readFileSync(join(dir, 'config', 'accounts.lock.yaml'), 'utf8');
}

describe('lz accounts sync against moto', () => {
  it('writes every config account with its live id and OU, lists the extra one, and is byte-identical on rerun', async () => {
    // GIVEN the example organization as config declares it, plus one account made by hand
    const dir = exampleProject();
    const spec = specOf(loadLandingZone(join(dir, 'config')));
    const seeded: Seeded = await seed(moto.url, {
      ...spec,
      accounts: [...spec.accounts, { name: 'old-experiment', email: 'old-experiment@acme.example', ou: 'Sandbox' }],
    });
    const id = (name: string) => seeded.accountIds.get(name)!;

    // WHEN sync runs twice
    const first = await lzIn(dir, 'accounts', 'sync', '--endpoint-url', moto.url);
    const text = lockOf(dir);
    const second = await lzIn(dir, 'accounts', 'sync', '--endpoint-url', moto.url);

    // THEN the lock holds the live ids, OU paths and status, and the rerun changed nothing
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      [
        'Wrote config/accounts.lock.yaml: 11 accounts matched to config by email.',
        '1 in the organization but not in config (listed under unmanaged):',
        `  old-experiment ${id('old-experiment')} old-experiment@acme.example Sandbox ACTIVE`,
        '',
      ].join('\n'),
    );
    expect(second.stdout).toBe(
      [
        'Unchanged: config/accounts.lock.yaml: 11 accounts matched to config by email.',
        '1 in the organization but not in config (listed under unmanaged):',
        `  old-experiment ${id('old-experiment')} old-experiment@acme.example Sandbox ACTIVE`,
        '',
      ].join('\n'),
    );
    expect(lockOf(dir)).toBe(text);
    const lines = text.split('\n');
    expect(lines[0]).toBe('# yaml-language-server: $schema=../schemas/accounts-lock.schema.json');
    expect(lines).toContain(`  acme-audit: { id: "${id('acme-audit')}", email: aws-audit@acme.example, ouPath: "Security", status: ACTIVE }`);
    expect(lines).toContain(
      `  payments-prod: { id: "${id('payments-prod')}", email: aws+payments-prod@acme.example, ouPath: "Workloads/Prod", status: ACTIVE }`,
    );
    expect(lines).toContain(`  - { name: old-experiment, id: "${id('old-experiment')}", email: old-experiment@acme.example, ouPath: "Sandbox", status: ACTIVE }`);
    expect(lines).toContain(`  Workloads/Prod: ${seeded.ouIds.get('Workloads/Prod')}`);
    expect(lines).toContain(`  deny-all: { id: ${seeded.policyIds.get('deny-all')}, attachedTo: ["ou:Suspended"] }`);
    expect(lines).toContain(`  deny-root-user: { id: ${seeded.policyIds.get('deny-root-user')}, attachedTo: [root] }`);
    // AND the RCP the organization already has, with where it is attached, so the organization stack imports it
    expect(lines.slice(lines.indexOf('resourceControlPolicies:'), lines.indexOf('resourceControlPolicies:') + 2)).toEqual([
      'resourceControlPolicies:',
      `  product-roles-in-organization: { id: ${seeded.policyIds.get('rcp:product-roles-in-organization')}, attachedTo: [root] }`,
    ]);
    // the written lock loads: the loader accepts every field sync writes
    const lz = loadLandingZone(join(dir, 'config'));
    expect(lz.lock?.accounts['payments-prod']).toEqual({ id: id('payments-prod'), email: 'aws+payments-prod@acme.example', ouPath: 'Workloads/Prod', status: 'ACTIVE' });
    expect(Object.keys(lz.lock!.accounts)).toHaveLength(11);
    expect(readdirSync(join(dir, 'config')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('pages through an organization of 1,000+ accounts and keeps every one', async () => {
    // GIVEN the example organization and 1,010 more accounts in Sandbox (ListAccounts pages by 100, ListAccountsForParent by 20)
    const dir = exampleProject();
    const spec = specOf(loadLandingZone(join(dir, 'config')));
    const extra = Array.from({ length: 1010 }, (_, i) => ({ name: `team-${String(i).padStart(4, '0')}`, email: `team-${i}@acme.example`, ou: 'Sandbox' }));
    const seeded = await seed(moto.url, { ...spec, accounts: [...spec.accounts, ...extra] });

    // WHEN sync runs
    const run = await lzIn(dir, 'accounts', 'sync', '--endpoint-url', moto.url);

    // THEN all 1,010 are listed under unmanaged, in name order, each with its OU
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'Wrote config/accounts.lock.yaml: 11 accounts matched to config by email.',
      '1010 in the organization but not in config (listed under unmanaged):',
    ]);
    const lz = loadLandingZone(join(dir, 'config'));
    expect(lz.lock!.unmanaged).toHaveLength(1010);
    expect(lz.lock!.unmanaged![0]).toEqual({ name: 'team-0000', id: seeded.accountIds.get('team-0000'), email: 'team-0@acme.example', ouPath: 'Sandbox', status: 'ACTIVE' });
    expect(lz.lock!.unmanaged![1009].name).toBe('team-1009');
    expect(Object.keys(lz.lock!.accounts)).toHaveLength(11);
    // Seeding 1,010 accounts one CreateAccount at a time dominates; on a loaded 2-core machine it took over 60 s.
  }, 240_000);
});
