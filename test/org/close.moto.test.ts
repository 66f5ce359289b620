import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeAccountCommand } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { App, Testing } from 'cdktf';
import { loadLandingZone } from '../../src/config/load';
import { OrgApi } from '../../src/org/client';
import { closeAccount } from '../../src/org/close';
import { hubAddressesIn } from '../../src/org/network-leave';
import { buildApp } from '../../src/synth/synth';
import { useMoto } from '../support/moto';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';
import { client, seed, specOf } from './seed';

const moto = useMoto();

/** The example project with analytics-sandbox marked suspended in config. */
function suspendedProject(): string {
  const dir = exampleProject();
  const file = join(dir, 'config', 'products', 'analytics.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('    ou: Sandbox\n', '    ou: Sandbox\n    state: suspended\n'));
  return dir;
}

describe('lz account close', () => {
  it('needs --confirm with the same name', async () => {
    const dir = suspendedProject();
    const missing = await lzIn(dir, 'account', 'close', 'analytics-sandbox');
    expect(missing.stderr).toBe('command line: closing analytics-sandbox needs --confirm analytics-sandbox; write lz account close analytics-sandbox --confirm analytics-sandbox\n');
    expect(missing.code).toBe(2);
    const other = await lzIn(dir, 'account', 'close', 'analytics-sandbox', '--confirm', 'analytics-prod');
    expect(other.stderr).toBe('command line: --confirm analytics-prod does not repeat the account name analytics-sandbox; write lz account close analytics-sandbox --confirm analytics-sandbox\n');
  });

  it('refuses an active account and explains the flow', async () => {
    // GIVEN analytics-prod is active in config; WHEN it is closed
    const run = await lzIn(suspendedProject(), 'account', 'close', 'analytics-prod', '--confirm', 'analytics-prod', '--endpoint-url', moto.url);
    // THEN nothing is called and the message says what to do first
    expect(run.stderr).toBe(
      'config/products/analytics.yaml: account analytics-prod has state: active; only a suspended account can be closed; first set state: suspended at environments.prod and run lz deploy baseline-analytics-prod (the organization stack moves the account to Suspended under the deny-all SCP, then its baseline takes it off the network hub); then run lz account close analytics-prod --confirm analytics-prod\n',
    );
    expect(run.code).toBe(2);
  });

  it('refuses a suspended account that has not been moved to the suspended OU yet', async () => {
    // GIVEN config says suspended but the live account is still in Sandbox (not deployed)
    const dir = suspendedProject();
    const spec = specOf(loadLandingZone(join(dir, 'config')));
    const seeded = await seed(moto.url, { ...spec, accounts: spec.accounts.map((a) => (a.name === 'analytics-sandbox' ? { ...a, ou: 'Sandbox' } : a)) });
    // WHEN it is closed, THEN deploy first
    const run = await lzIn(dir, 'account', 'close', 'analytics-sandbox', '--confirm', 'analytics-sandbox', '--endpoint-url', moto.url);
    expect(run.stderr).toBe(
      `config/products/analytics.yaml: account analytics-sandbox (${seeded.accountIds.get('analytics-sandbox')}) is in Sandbox, not in Suspended; run lz deploy baseline-analytics-sandbox first, so that it moves to Suspended under the deny-all SCP and leaves the network hub\n`,
    );
    expect(run.code).toBe(1);
  });

  it('refuses an account younger than 7 days, then closes it once it is old enough and records it', async () => {
    // GIVEN analytics-sandbox is suspended in config and in the Suspended OU, created just now
    const dir = suspendedProject();
    const seeded = await seed(moto.url, specOf(loadLandingZone(join(dir, 'config'))));
    const id = seeded.accountIds.get('analytics-sandbox')!;

    // WHEN it is closed today, THEN the 7-day minimum stops it
    const young = await lzIn(dir, 'account', 'close', 'analytics-sandbox', '--confirm', 'analytics-sandbox', '--endpoint-url', moto.url);
    expect(young.stderr).toMatch(new RegExp(`^config/products/analytics.yaml: account analytics-sandbox \\(${id}\\) joined on \\S+Z, less than 7 days ago; AWS closes accounts that are at least 7 days old: run it again after \\S+Z\\n$`));
    expect(young.code).toBe(1);

    // WHEN it is closed 8 days later
    const later = new Date(Date.now() + 8 * 86_400_000);
    const api = new OrgApi({ endpointUrl: moto.url });
    const { closure, file } = await closeAccount(loadLandingZone(join(dir, 'config')), api, 'analytics-sandbox', { now: later });
    api.destroy();

    // THEN AWS closed it and the closure is recorded
    const org = client(moto.url);
    expect((await org.send(new DescribeAccountCommand({ AccountId: id }))).Account!.Status).toBe('SUSPENDED');
    org.destroy();
    expect(file).toBe(join(dir, 'config', 'account-closures.yaml'));
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '# Accounts closed with `lz account close`, oldest first. Written by lz; keep it in version control.',
        'closures:',
        `  - { name: analytics-sandbox, id: "${id}", email: "aws+analytics-sandbox@acme.example", closedAt: "${later.toISOString()}", by: "arn:aws:sts::123456789012:user/moto" }`,
        '',
      ].join('\n'),
    );
    expect(closure.id).toBe(id);

    // AND closing it again says it is already closed
    const again = await lzIn(dir, 'account', 'close', 'analytics-sandbox', '--confirm', 'analytics-sandbox', '--endpoint-url', moto.url);
    expect(again.stderr).toBe(
      `config/products/analytics.yaml: account analytics-sandbox (${id}) is already SUSPENDED; nothing to do: AWS removes it from the organization after 90 days; keep it in config with state: suspended until then\n`,
    );
  });

  describe('GIVEN the baseline of the suspended account still holds its place on the hub in the state bucket', () => {
    const STATE = 's3://acme-landing-zone-state/baseline-analytics-sandbox/terraform.tfstate';
    const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';
    const resource = (mode: string, type: string, name: string, provider = AWS) => ({ mode, type, name, provider, instances: [{ schema_version: 0, attributes: { id: `${name}-id` } }] });
    /** The state of baseline-analytics-sandbox as Terraform writes it, before and after the leave was applied. */
    const onHub = {
      version: 4,
      terraform_version: '1.10.5',
      serial: 7,
      lineage: 'a1b2c3',
      outputs: {},
      resources: [
        resource('data', 'aws_ec2_transit_gateway', 'segment_hub_6C5E2C1A', `${AWS}.network`),
        resource('managed', 'aws_ec2_transit_gateway_route_table_association', 'segment_association_0B4E6A2D', `${AWS}.network`),
        resource('managed', 'aws_ec2_transit_gateway_route_table_propagation', 'segment_propagation-sandbox_9D1F0C3E', `${AWS}.network`),
        resource('managed', 'aws_ec2_transit_gateway_vpc_attachment', 'segment_attachment_5A7B9C1D'),
        resource('managed', 'aws_route', 'segment_route-private-az1-10-0-0-0-8_3E2D1C0B'),
        resource('managed', 'aws_vpc', 'vpc_vpc-baseline_1F2E3D4C'),
      ],
    };
    const offHub = { ...onHub, serial: 8, resources: onHub.resources.filter((r) => r.type === 'aws_vpc') };

    async function putState(state: object): Promise<void> {
      const s3 = new S3Client({ endpoint: moto.url, region: 'eu-west-1', forcePathStyle: true });
      try {
        await s3.send(new CreateBucketCommand({ Bucket: 'acme-landing-zone-state', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })).catch((e: Error) => {
          if (e.name !== 'BucketAlreadyOwnedByYou') throw e;
        });
        await s3.send(new PutObjectCommand({ Bucket: 'acme-landing-zone-state', Key: 'baseline-analytics-sandbox/terraform.tfstate', Body: JSON.stringify(state) }));
      } finally {
        s3.destroy();
      }
    }

    it('WHEN it is closed THEN it refuses, naming what is still attached and the deploy that removes it, and closes nothing', async () => {
      const dir = suspendedProject();
      const seeded = await seed(moto.url, specOf(loadLandingZone(join(dir, 'config'))));
      const id = seeded.accountIds.get('analytics-sandbox')!;
      expect((await lzIn(dir, 'accounts', 'sync', '--endpoint-url', moto.url)).code).toBe(0);
      await putState(onHub);
      const lockBefore = readFileSync(join(dir, 'config', 'accounts.lock.yaml'), 'utf8');

      const run = await lzIn(dir, 'account', 'close', 'analytics-sandbox', '--confirm', 'analytics-sandbox', '--endpoint-url', moto.url);

      expect(run.stderr).toBe(
        `config/products/analytics.yaml: account analytics-sandbox (${id}) is still on the network hub: ${STATE} holds ` +
          'aws_ec2_transit_gateway_route_table_association.segment_association_0B4E6A2D, aws_ec2_transit_gateway_route_table_propagation.segment_propagation-sandbox_9D1F0C3E, aws_ec2_transit_gateway_vpc_attachment.segment_attachment_5A7B9C1D; ' +
          'run lz deploy baseline-analytics-sandbox first: with state: suspended its plan destroys the attachment, its association and propagations and the routes to the hub; then run lz account close analytics-sandbox --confirm analytics-sandbox\n',
      );
      expect(run.code).toBe(1);
      const org = client(moto.url);
      expect((await org.send(new DescribeAccountCommand({ AccountId: id }))).Account!.Status).toBe('ACTIVE');
      org.destroy();
      expect(readFileSync(join(dir, 'config', 'accounts.lock.yaml'), 'utf8')).toBe(lockBefore);
      expect(() => readFileSync(join(dir, 'config', 'account-closures.yaml'))).toThrow(/ENOENT/);
    });

    it('WHEN the leave has been applied and it is closed THEN it closes, the lock file records it PENDING_CLOSURE and its baseline leaves the app', async () => {
      const dir = suspendedProject();
      const seeded = await seed(moto.url, specOf(loadLandingZone(join(dir, 'config'))));
      const id = seeded.accountIds.get('analytics-sandbox')!;
      // The lock file as lz accounts sync writes it: every account ACTIVE, analytics-sandbox in Suspended.
      expect((await lzIn(dir, 'accounts', 'sync', '--endpoint-url', moto.url)).code).toBe(0);
      await putState(offHub);
      // Before: suspended but ACTIVE in the lock file, so its baseline is in the app to take it off the hub.
      const stacks = () => buildApp(Testing.app() as App, loadLandingZone(join(dir, 'config'))).map((s) => s.node.id);
      expect(stacks()).toContain('baseline-analytics-sandbox');

      const api = new OrgApi({ endpointUrl: moto.url });
      const { closure } = await closeAccount(loadLandingZone(join(dir, 'config')), api, 'analytics-sandbox', { now: new Date(Date.now() + 8 * 86_400_000) });
      api.destroy();

      expect(closure.id).toBe(id);
      const lock = readFileSync(join(dir, 'config', 'accounts.lock.yaml'), 'utf8');
      expect(lock).toContain(`  analytics-sandbox: { id: "${id}", email: aws+analytics-sandbox@acme.example, ouPath: "Suspended", status: PENDING_CLOSURE }\n`);
      expect(lock).toContain(`  analytics-prod: { id: "${seeded.accountIds.get('analytics-prod')}", email: aws+analytics-prod@acme.example, ouPath: "Workloads/Prod", status: ACTIVE }\n`);
      expect(stacks()).not.toContain('baseline-analytics-sandbox');
      expect(stacks()).toContain('baseline-analytics-prod');
    });

    it('WHEN its state is not JSON THEN it refuses rather than take it as empty', async () => {
      const dir = suspendedProject();
      await seed(moto.url, specOf(loadLandingZone(join(dir, 'config'))));
      const s3 = new S3Client({ endpoint: moto.url, region: 'eu-west-1', forcePathStyle: true });
      await s3.send(new CreateBucketCommand({ Bucket: 'acme-landing-zone-state', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
      await s3.send(new PutObjectCommand({ Bucket: 'acme-landing-zone-state', Key: 'baseline-analytics-sandbox/terraform.tfstate', Body: '{"version": 4, "resources": [' }));
      s3.destroy();
      const run = await lzIn(dir, 'account', 'close', 'analytics-sandbox', '--confirm', 'analytics-sandbox', '--endpoint-url', moto.url);
      expect(run.stderr).toMatch(new RegExp(`^${STATE.replace(/[.]/g, '\\.')}: is not a Terraform state \\(JSON\\): .+; restore the previous version of the object from the versioned state bucket\\n$`));
      expect(run.code).toBe(1);
    });
  });
});

describe('hubAddressesIn', () => {
  it('GIVEN a state WHEN read THEN only managed hub resources with instances count, by their Terraform address, sorted', () => {
    expect(
      hubAddressesIn({
        resources: [
          { mode: 'managed', type: 'aws_ec2_transit_gateway_vpc_attachment', name: 'b', instances: [{}] },
          { mode: 'managed', type: 'aws_ec2_transit_gateway_route_table_propagation', name: 'a', module: 'module.net', instances: [{}] },
          { mode: 'managed', type: 'aws_ec2_transit_gateway_route_table_association', name: 'gone', instances: [] },
          { mode: 'data', type: 'aws_ec2_transit_gateway_vpc_attachment', name: 'lookup', instances: [{}] },
          { mode: 'managed', type: 'aws_route', name: 'r', instances: [{}] },
        ],
      }),
    ).toEqual(['aws_ec2_transit_gateway_vpc_attachment.b', 'module.net.aws_ec2_transit_gateway_route_table_propagation.a']);
    expect(hubAddressesIn({})).toEqual([]);
  });
});
