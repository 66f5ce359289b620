import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { exampleProject, type TestProject } from '../support/example';
import { lz } from '../support/cli';

let project: TestProject;
beforeEach(() => {
  project = exampleProject();
});
afterEach(() => project.remove());

const add = (...extra: string[]) =>
  lz(project.dir, 'product', 'add', 'search', '--team', 'Search', '--owner-email', 'search@acme.example', '--cost-centre', 'CC-7', ...extra);

describe('lz product add', () => {
  it('GIVEN the example WHEN a product is added THEN its file has free ranges, fitting OUs and segments, and the config stays valid', async () => {
    const r = await add();
    expect(r.code).toBe(0);
    expect(project.read('config/products/search.yaml')).toBe(
      [
        '# yaml-language-server: $schema=../../schemas/product.schema.json',
        'name: search',
        'owner:',
        '  team: "Search"',
        '  email: search@acme.example',
        'costCentre: CC-7',
        'environments:',
        '  prod:',
        '    account:',
        '      name: search-prod',
        '      email: aws+search-prod@acme.example',
        '    ou: Workloads/Prod',
        '    regions: [eu-west-1]',
        '    segment: prod',
        '    vpc:',
        // 10.0.0.0/14 is reserved (10.0-10.3), 10.10.0.0/20 is shared services: 10.4.0.0/20 is the first free /20.
        '      cidr: 10.4.0.0/20',
        '  nonprod:',
        '    account:',
        '      name: search-nonprod',
        '      email: aws+search-nonprod@acme.example',
        '    ou: Workloads/NonProd',
        '    regions: [eu-west-1]',
        '    segment: nonprod',
        '    vpc:',
        '      cidr: 10.4.16.0/20',
        '',
      ].join('\n'),
    );
    const landingZone = loadLandingZone(project.configDir);
    expect(landingZone.accounts.filter((a) => a.product === 'search').map((a) => a.name)).toEqual(['search-nonprod', 'search-prod']);
    expect(readdirSync(join(project.configDir, 'products')).filter((f) => f.includes('partial'))).toEqual([]);
    // AND the next steps are the reviewable, pending-account path, not "deploy first, then sync"
    expect(r.stdout.split('\n').at(-2)).toBe(
      'Wrote config/products/search.yaml. Next: `lz product init search` for its own stack, review it (`lz policy lint`, `lz policy diff`, `lz policy prove`: its accounts are pending until created), commit, then `lz deploy search/ENV` creates the accounts and deploys them.',
    );
  });

  it('GIVEN an existing product name THEN it exits 2 and changes nothing', async () => {
    const before = project.read('config/products/payments.yaml');
    const r = await lz(project.dir, 'product', 'add', 'payments', '--team', 'X', '--owner-email', 'x@acme.example', '--cost-centre', 'CC-1');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('command line: product payments already exists; edit config/products/payments.yaml to add environments, or choose another name\n');
    expect(project.read('config/products/payments.yaml')).toBe(before);
  });

  it('GIVEN no production segment for a prod environment THEN it asks for --segment and writes nothing', async () => {
    project.replace('config/organization.yaml', '      production: true\n', '');
    const r = await add('--environments', 'prod');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('command line: no network segment fits environment prod; pass --segment prod=NAME with one of prod, nonprod, sandbox, shared\n');
    expect(existsSync(join(project.configDir, 'products', 'search.yaml'))).toBe(false);
  });

  it('GIVEN a choice that makes the config invalid THEN the problem is shown and the file is not kept', async () => {
    const r = await add('--region', 'us-east-1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('config/products/search.yaml:13:15 environments.prod.regions.0: region us-east-1 is not allowed; use one of eu-west-1, eu-central-1');
    expect(existsSync(join(project.configDir, 'products', 'search.yaml'))).toBe(false);
  });

  it('GIVEN --ou and --segment THEN they override the choice by name', async () => {
    const r = await add('--environments', 'qa', '--ou', 'qa=Sandbox', '--segment', 'qa=nonprod', '--vpc-prefix', '22');
    expect(r.code).toBe(0);
    const text = project.read('config/products/search.yaml');
    expect(text).toContain('    ou: Sandbox\n');
    expect(text).toContain('      cidr: 10.4.0.0/22\n');
  });

  it('GIVEN a pool with no room THEN the message says how to get one', async () => {
    const r = await add('--pool', '10.20.0.0/16');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('command line: no free /20 is left in 10.20.0.0/16; pass a smaller --vpc-prefix (a longer prefix) or another --pool');
  });

  it('GIVEN missing required options THEN they are named', async () => {
    const r = await lz(project.dir, 'product', 'add', 'search');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^command line: missing --team, --owner-email, --cost-centre; usage: lz product add NAME/);
  });
});
