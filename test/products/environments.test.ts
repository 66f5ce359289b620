/**
 * Environments as a product: add, clone, pause and resume write the product file (comments kept),
 * and what they write validates and synthesizes; what they refuse leaves the file as it was.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { exampleProject, type TestProject } from '../support/example';
import { lz } from '../support/cli';
import { synthStack } from '../support/synth';

let project: TestProject;
beforeEach(() => {
  project = exampleProject();
});
afterEach(() => project.remove());

const PAYMENTS = 'config/products/payments.yaml';

describe('lz env clone', () => {
  it('GIVEN payments/prod WHEN cloned as release-42 THEN a new account, a free range of the same size, the same AZs, a test OU and segment, clonedFrom, comments kept; it validates and synthesizes', async () => {
    project.replace(PAYMENTS, 'name: payments\n', 'name: payments # the example product\n');
    const r = await lz(project.dir, 'env', 'clone', 'payments/prod', 'release-42');
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(
      // 10.0.0.0/14 is reserved and 10.1x and 10.2x are taken: 10.4.0.0/16 is the first free /16.
      'Wrote config/products/payments.yaml: payments/release-42, a clone of payments/prod: account payments-release-42 (aws+payments-release-42@acme.example), 10.4.0.0/16 in eu-west-1, eu-central-1, Workloads/NonProd, segment nonprod.\n' +
        'Next: commit it, then `lz deploy payments/release-42` creates the account and deploys its baseline and product stack.\n',
    );
    const text = project.read(PAYMENTS);
    expect(text).toContain('name: payments # the example product\n');
    expect(text.endsWith(
      [
        '  release-42:',
        '    account:',
        '      name: payments-release-42',
        '      email: aws+payments-release-42@acme.example',
        '    ou: Workloads/NonProd',
        '    regions: [eu-west-1, eu-central-1]',
        '    segment: nonprod',
        '    clonedFrom: prod',
        '    vpc:',
        '      cidr: 10.4.0.0/16',
        '      availabilityZones: 3',
        '',
      ].join('\n'),
    )).toBe(true);
    const landingZone = loadLandingZone(project.configDir);
    const clone = landingZone.accounts.find((a) => a.name === 'payments-release-42')!;
    expect([clone.clonedFrom, clone.paused, clone.vpc!.availabilityZones]).toEqual(['prod', false, 3]);
    const { stack, json } = synthStack(landingZone, 'product-payments-release-42');
    expect([(stack as any).clonedFrom, json.resource.aws_s3_bucket.documents.bucket]).toEqual(['prod', 'payments-release-42-documents-pending-payments-release-42']);
    const baseline = synthStack(landingZone, 'baseline-payments-release-42').json;
    const clonedFrom = Object.values(baseline.resource.aws_ssm_parameter).find((p: any) => p.name === '/landing-zone/environment/cloned-from') as any;
    expect(clonedFrom.value).toBe('prod');
  });

  it('GIVEN --region THEN the copy lives in that region only', async () => {
    const r = await lz(project.dir, 'env', 'clone', 'payments/staging', 'demo', '--region', 'eu-central-1');
    expect(r.code).toBe(0);
    const demo = loadLandingZone(project.configDir).accounts.find((a) => a.name === 'payments-demo')!;
    expect([demo.regions, demo.template, demo.vpc!.nat, demo.schedule?.stopAt]).toEqual([['eu-central-1'], 'standard-nonprod', 'single', '20:00']);
  });

  it('GIVEN a region that is not allowed THEN the problem is shown and the file is as it was', async () => {
    const before = project.read(PAYMENTS);
    const r = await lz(project.dir, 'env', 'clone', 'payments/staging', 'demo', '--region', 'us-east-1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^config\/products\/payments\.yaml:\d+:\d+ environments\.demo\.regions\.0: region us-east-1 is not allowed; use one of eu-west-1, eu-central-1/);
    expect(project.read(PAYMENTS)).toBe(before);
  });

  it('GIVEN an environment that exists or a source that does not THEN it says so and writes nothing', async () => {
    const before = project.read(PAYMENTS);
    expect((await lz(project.dir, 'env', 'clone', 'payments/prod', 'staging')).stderr).toBe('command line: payments already has an environment staging; choose another name\n');
    expect((await lz(project.dir, 'env', 'clone', 'payments/qa', 'demo')).stderr).toBe('command line: payments has no environment qa; use one of payments/prod, payments/staging\n');
    expect((await lz(project.dir, 'env', 'clone', 'payments', 'demo')).stderr).toBe('command line: "payments" is not PRODUCT/ENV; name an environment as e.g. payments/staging; usage: lz env clone PRODUCT/ENV NEW_ENV [--region R] [--vpc-prefix N] [--ou PATH] [--segment NAME] [--config DIR]\n');
    expect(project.read(PAYMENTS)).toBe(before);
  });
});

describe('lz env add', () => {
  it('GIVEN a template WHEN an environment is added THEN it has the template, a free /20 and fitting OU and segment; it validates and synthesizes', async () => {
    const r = await lz(project.dir, 'env', 'add', 'catalog', 'qa', '--template', 'standard-nonprod');
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.split('\n')[0]).toBe('Wrote config/products/catalog.yaml: catalog/qa: account catalog-qa (aws+catalog-qa@acme.example), 10.4.0.0/20 in eu-west-1, Workloads/NonProd, segment nonprod, template standard-nonprod.');
    const landingZone = loadLandingZone(project.configDir);
    const qa = landingZone.accounts.find((a) => a.name === 'catalog-qa')!;
    expect([qa.template, qa.vpc!.nat, qa.tags['data-classification'], qa.budgetMonthlyUsd]).toEqual(['standard-nonprod', 'single', 'internal', 800]);
    expect(Object.keys(synthStack(landingZone, 'baseline-catalog-qa').json.resource)).toContain('aws_vpc');
  });

  it('GIVEN an unknown template THEN it lists the known ones', async () => {
    const r = await lz(project.dir, 'env', 'add', 'catalog', 'qa', '--template', 'tiny');
    expect([r.code, r.stderr]).toEqual([2, 'command line: template tiny does not exist; use one of standard-nonprod\n']);
  });

  it('GIVEN an unknown product THEN it says to add the product', async () => {
    const r = await lz(project.dir, 'env', 'add', 'orders', 'qa');
    expect([r.code, r.stderr]).toEqual([2, 'command line: product orders does not exist; add it with lz product add orders, or use one of analytics, catalog, payments\n']);
  });
});

describe('lz env pause and resume', () => {
  it('GIVEN payments/staging WHEN paused THEN config records it, it validates, the baseline publishes it and the product runs no tasks; WHEN resumed THEN the file is as before', async () => {
    const before = project.read(PAYMENTS);
    const r = await lz(project.dir, 'env', 'pause', 'payments/staging');
    expect([r.code, r.stderr, r.stdout]).toEqual([
      0,
      '',
      'Wrote config/products/payments.yaml: payments/staging is paused: its product stack scales compute to zero on the next deploy.\nNext: commit it, then `lz deploy payments/staging`.\n',
    ]);
    expect(project.read(PAYMENTS)).toContain('    paused: true\n');
    const landingZone = loadLandingZone(project.configDir);
    const baseline = synthStack(landingZone, 'baseline-payments-staging').json;
    const paused = Object.values(baseline.resource.aws_ssm_parameter).filter((p: any) => p.name === '/landing-zone/environment/paused') as any[];
    expect(paused.map((p) => p.value)).toEqual(['true']);
    expect(synthStack(landingZone, 'product-payments-staging').json.resource.aws_ecs_service['api-service'].desired_count).toBe(0);

    expect((await lz(project.dir, 'env', 'pause', 'payments/staging')).stdout).toBe('payments/staging is already paused; nothing changed.\n');
    const resumed = await lz(project.dir, 'env', 'resume', 'payments/staging');
    expect([resumed.code, resumed.stdout.split('\n')[0]]).toEqual([0, 'Wrote config/products/payments.yaml: payments/staging runs again on the next deploy.']);
    expect(project.read(PAYMENTS)).toBe(before);
  });

  it('GIVEN a production environment THEN pause is refused and nothing is written', async () => {
    const before = project.read(PAYMENTS);
    const r = await lz(project.dir, 'env', 'pause', 'payments/prod');
    expect([r.code, r.stderr]).toEqual([2, 'command line: payments/prod is a production environment (segment prod) and cannot be paused; pause a non-production environment; production always runs\n']);
    expect(project.read(PAYMENTS)).toBe(before);
  });

  it('GIVEN paused: true written by hand on production THEN validation refuses it', async () => {
    project.replace(PAYMENTS, '    ou: Workloads/Prod\n', '    ou: Workloads/Prod\n    paused: true\n');
    const r = await lz(project.dir, 'validate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^config\/products\/payments\.yaml:\d+:\d+ environments\.prod\.paused: payments\/prod is on the production segment prod and cannot be paused; remove paused \(production environments always run\)\n$/);
  });

  it('GIVEN another lz command holds the config lock past the wait THEN it says who and writes nothing', async () => {
    const before = project.read(PAYMENTS);
    const holder = { pid: process.ppid, host: hostname(), command: 'lz product add orders', since: '2026-11-23T00:00:00.000Z' };
    project.write('config/.lz.lock', JSON.stringify(holder));
    process.env.LZ_CONFIG_LOCK_WAIT_MS = '0';
    try {
      const r = await lz(project.dir, 'env', 'pause', 'payments/staging');
      expect([r.code, r.stderr]).toEqual([2, `config/.lz.lock: is held by \`lz product add orders\` (pid ${process.ppid} on ${hostname()}, since 2026-11-23T00:00:00.000Z); wait for it to finish and run this again; if no lz command is running, delete config/.lz.lock\n`]);
    } finally {
      delete process.env.LZ_CONFIG_LOCK_WAIT_MS;
    }
    expect(project.read(PAYMENTS)).toBe(before);
  });

  it('GIVEN a lock left by a process that ended THEN it is taken over, and released after', async () => {
    project.write('config/.lz.lock', JSON.stringify({ pid: 999999999, host: hostname(), command: 'lz env add', since: '2026-11-23T00:00:00.000Z' }));
    expect((await lz(project.dir, 'env', 'pause', 'payments/staging')).code).toBe(0);
    expect(existsSync(join(project.configDir, '.lz.lock'))).toBe(false);
  });
});

describe('environment templates are validated like everything else', () => {
  it('GIVEN an unknown template THEN it lists the allowed ones', async () => {
    project.replace(PAYMENTS, 'template: standard-nonprod', 'template: standard');
    const r = await lz(project.dir, 'validate');
    expect(r.stderr).toMatch(/^config\/products\/payments\.yaml:\d+:\d+ environments\.staging\.template: template "standard" does not exist; use one of standard-nonprod, or add it under environmentTemplates in organization\.yaml\n$/);
  });

  it('GIVEN a bad time zone, time and rule set THEN each is named', async () => {
    project.replace('config/organization.yaml', 'timezone: Europe/Dublin', 'timezone: Europe/Atlantis');
    project.replace('config/organization.yaml', 'stopAt: "20:00"', 'stopAt: "25:00"');
    const r = await lz(project.dir, 'validate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('environmentTemplates.standard-nonprod.schedule.timezone: "Europe/Atlantis" is not an IANA time zone; write it as e.g. Europe/Dublin, America/New_York or UTC');
    expect(r.stderr).toContain('environmentTemplates.standard-nonprod.schedule.stopAt: "25:00" is not a time of day; write it as HH:MM on a 24-hour clock, e.g. 07:30');
  });

  it('GIVEN a template with a VPC size THEN an environment of another size is refused', async () => {
    project.replace('config/organization.yaml', '      availabilityZones: 2\n      nat: single\n    budget:', '      prefix: 20\n      availabilityZones: 2\n      nat: single\n    budget:');
    const r = await lz(project.dir, 'validate');
    expect(r.stderr).toMatch(/environments\.staging\.vpc\.cidr: 10\.21\.0\.0\/16 is a \/16, but template standard-nonprod gives its environments a \/20; use a free \/20 \(`lz env add` picks one\), or another template\n$/);
  });
});
