/**
 * Never disable what is live (#8.6): the organization stack sets trusted services and policy types
 * to exactly its lists, so a service or policy type enabled in the live organization that config
 * does not list would be disabled on apply. Preflight fails naming them and the fix; `lz org import`
 * writes them into config; the stack then keeps them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { useMoto } from '../support/moto';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';
import { seed, specOf } from './seed';
import { resources, synthStack } from '../support/synth';

const moto = useMoto();

describe('trusted services and policy types enabled in the live organization', () => {
  it('GIVEN AWS Backup trusted access and backup policies enabled by hand WHEN preflight, import, synth THEN preflight fails, import writes them, the stack keeps them', async () => {
    // GIVEN the example organization, live, with two more things enabled than config lists
    const dir = exampleProject();
    const spec = specOf(loadLandingZone(join(dir, 'config')));
    await seed(moto.url, { ...spec, trustedServices: [...spec.trustedServices!, 'backup.amazonaws.com'], policyTypes: [...spec.policyTypes!, 'BACKUP_POLICY'] });
    expect((await lzIn(dir, 'accounts', 'sync', '--endpoint-url', moto.url)).code).toBe(0);

    // WHEN preflight runs
    const before = await lzIn(dir, 'preflight', '--account-quota', '20', '--endpoint-url', moto.url);

    // THEN it fails on both, naming the file and field that keep them
    expect(before.stdout.split('\n').filter((l) => l.startsWith('fail'))).toEqual([
      'fail live trusted access: the organization has trusted access enabled for backup.amazonaws.com, which config does not list, so applying the organization stack would disable it; add them under trustedServices in config/organization.yaml (lz org import writes them), or disable them in AWS first if they are no longer used',
      'fail live policy types: the root has BACKUP_POLICY enabled, which config does not list, so applying the organization stack would disable them and detach every policy of those types; add them under policyTypes in config/organization.yaml (lz org import writes them), or disable them in AWS first if they are no longer used',
    ]);
    expect(before.code).toBe(1);

    // WHEN org import runs
    const imported = await lzIn(dir, 'org', 'import', '--endpoint-url', moto.url);

    // THEN it writes them into config, and preflight passes
    expect(imported.stderr).toBe('');
    expect(imported.stdout.split('\n').slice(0, 3)).toEqual([
      'Added to config (config/organization.yaml):',
      '  trusted access for backup.amazonaws.com (trustedServices)',
      '  policy type BACKUP_POLICY (policyTypes)',
    ]);
    const org = readFileSync(join(dir, 'config', 'organization.yaml'), 'utf8');
    expect(org).toContain('\ntrustedServices: [backup.amazonaws.com]\n');
    expect(org).toContain('\npolicyTypes: [BACKUP_POLICY]\n');
    const after = await lzIn(dir, 'preflight', '--account-quota', '20', '--endpoint-url', moto.url);
    expect(after.stdout).toContain('ok   live trusted access and policy types: config keeps every trusted service and policy type the organization has enabled');
    expect(after.code).toBe(0);

    // AND the organization stack enables the union of what the landing zone needs and what config lists
    const organization = resources(synthStack(loadLandingZone(join(dir, 'config')), 'organization').json, 'aws_organizations_organization').organization;
    expect(organization.aws_service_access_principals).toEqual([
      'access-analyzer.amazonaws.com',
      'backup.amazonaws.com',
      'cloudtrail.amazonaws.com',
      'config-multiaccountsetup.amazonaws.com',
      'config.amazonaws.com',
      'guardduty.amazonaws.com',
      'ram.amazonaws.com',
      'securityhub.amazonaws.com',
      'sso.amazonaws.com',
    ]);
    expect(organization.enabled_policy_types).toEqual(['BACKUP_POLICY', 'RESOURCE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY', 'TAG_POLICY']);

    // AND a rerun of import adds nothing
    const again = await lzIn(dir, 'org', 'import', '--endpoint-url', moto.url);
    expect(again.stdout.split('\n')[0]).toBe('Config already declares every OU, SCP, RCP, account and attachment of the organization it can.');
  });

  it('GIVEN config listing a service the landing zone already needs WHEN synthesized THEN it appears once', () => {
    const dir = exampleProject();
    const path = join(dir, 'config', 'organization.yaml');
    require('node:fs').writeFileSync(path, readFileSync(path, 'utf8') + 'trustedServices: [ram.amazonaws.com, guardduty.amazonaws.com]\n');
    const organization = resources(synthStack(loadLandingZone(join(dir, 'config')), 'organization').json, 'aws_organizations_organization').organization;
    expect(organization.aws_service_access_principals.filter((s: string) => s === 'ram.amazonaws.com')).toHaveLength(1);
    expect(organization.aws_service_access_principals).toContain('guardduty.amazonaws.com');
  });
});
