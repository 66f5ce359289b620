/**
 * A suspended account leaves the network through reviewed Terraform: while it is still open (ACTIVE
 * in the lock file) its baseline stays in the app with everything it had but its place on the hub,
 * so the next plan destroys exactly the attachment, its association and propagations and the
 * private tier's routes to the hub; the hub keeps blackholing its range; once it is closed the
 * baseline leaves the app.
 */
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { loadLandingZone } from '../../src/config/load';
import type { LandingZone } from '../../src/config/model';
import type { AccountsLock } from '../../src/config/schema';
import { buildApp } from '../../src/synth/synth';
import { baselinePhase } from '../../stacks/baseline';
import { PROTECTED_TYPES } from '../../src/deploy/plan-summary';
import { REPO } from '../support/example';
import { blocksOf, terraformJson } from '../modules/harness';

const lz = loadLandingZone(join(REPO, 'config'));
type Json = Record<string, any>;

/** payments-staging (nonprod segment, 2 AZs, single NAT) suspended in config, its lock entry as given. */
function suspended(status: AccountsLock['accounts'][string]['status'] | 'missing'): LandingZone {
  const accounts = { ...lz.lock!.accounts };
  if (status === 'missing') delete accounts['payments-staging'];
  else accounts['payments-staging'] = { ...accounts['payments-staging'], status };
  return {
    ...lz,
    accounts: lz.accounts.map((a) => (a.name === 'payments-staging' ? { ...a, state: 'suspended' as const } : a)),
    lock: { ...lz.lock!, accounts },
  };
}

function stack(l: LandingZone, name: string): Json {
  const [built] = buildApp(Testing.app() as App, l, [name]);
  return terraformJson(built) as Json;
}

/** Every resource as `<type> <construct path>`, with its block. */
function resources(json: Json): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const type of Object.keys(json.resource ?? {})) for (const [path, block] of Object.entries(blocksOf(json, type))) out.set(`${type} ${path}`, block);
  return out;
}

/** The Terraform address of every resource: what a plan destroys, creates or keeps. */
function addresses(json: Json): string[] {
  return Object.entries(json.resource ?? {}).flatMap(([type, blocks]) => Object.keys(blocks as Json).map((name) => `${type}.${name}`)).sort();
}

const HUB_TYPES = ['aws_ec2_transit_gateway_vpc_attachment', 'aws_ec2_transit_gateway_route_table_association', 'aws_ec2_transit_gateway_route_table_propagation'];

describe('a suspended account that is still open leaves the network', () => {
  const active = stack(lz, 'baseline-payments-staging');
  const leaving = stack(suspended('ACTIVE'), 'baseline-payments-staging');

  it('GIVEN the lock file WHEN the phase is asked THEN suspended-and-ACTIVE is leaving, closed or never created is closed', () => {
    const spec = (l: LandingZone) => l.accounts.find((a) => a.name === 'payments-staging')!;
    expect(baselinePhase(lz, spec(lz))).toBe('active');
    expect(baselinePhase(suspended('ACTIVE'), spec(suspended('ACTIVE')))).toBe('leaving');
    expect(baselinePhase(suspended('SUSPENDED'), spec(suspended('SUSPENDED')))).toBe('closed');
    expect(baselinePhase(suspended('PENDING_CLOSURE'), spec(suspended('PENDING_CLOSURE')))).toBe('closed');
    expect(baselinePhase(suspended('missing'), spec(suspended('missing')))).toBe('closed');
  });

  it('THEN its baseline loses exactly the attachment, its association, its propagations and the private routes to the hub', () => {
    const kept = resources(leaving);
    const gone = [...resources(active).keys()].filter((k) => !kept.has(k)).sort();
    expect(gone).toEqual([
      'aws_ec2_transit_gateway_route_table_association segment/association',
      'aws_ec2_transit_gateway_route_table_propagation segment/propagation-nonprod',
      'aws_ec2_transit_gateway_route_table_propagation segment/propagation-shared',
      'aws_ec2_transit_gateway_vpc_attachment segment/attachment',
      'aws_route segment/route-private-az1-10-0-0-0-8',
      'aws_route segment/route-private-az1-172-16-0-0-12',
      'aws_route segment/route-private-az1-192-168-0-0-16',
      'aws_route segment/route-private-az2-10-0-0-0-8',
      'aws_route segment/route-private-az2-172-16-0-0-12',
      'aws_route segment/route-private-az2-192-168-0-0-16',
    ]);
    // AND it adds nothing
    expect([...kept.keys()].filter((k) => !resources(active).has(k))).toEqual([]);
    // AND none of what it destroys is protected, so lz deploy applies the leave without --allow-destroy
    expect(gone.map((k) => k.split(' ')[0]).filter((type) => PROTECTED_TYPES.includes(type))).toEqual([]);
  });

  it('THEN every other resource keeps its Terraform address and every argument, byte for byte', () => {
    const before = resources(active);
    const after = resources(leaving);
    expect(after.size).toBe(before.size - 10);
    for (const [key, block] of after) expect([key, JSON.stringify(block)]).toEqual([key, JSON.stringify(before.get(key))]);
    const gone = new Set(addresses(active).filter((a) => !addresses(leaving).includes(a)));
    expect(addresses(leaving)).toEqual(addresses(active).filter((a) => !gone.has(a)));
    // The NAT route, flow logs and network ACLs (hub ranges included) stay as they were.
    expect(Object.keys(blocksOf(leaving, 'aws_route')).sort()).toEqual(['vpc/route-private-az1-nat', 'vpc/route-private-az2-nat', 'vpc/route-public-internet']);
  });

  it('THEN it looks the hub up no more, and keeps the network account provider so Terraform can destroy what that provider made', () => {
    expect(Object.keys(leaving.data ?? {}).filter((t) => t.startsWith('aws_ec2_transit_gateway'))).toEqual([]);
    expect(Object.keys(active.data ?? {}).filter((t) => t.startsWith('aws_ec2_transit_gateway')).sort()).toEqual(['aws_ec2_transit_gateway', 'aws_ec2_transit_gateway_route_table']);
    expect(leaving.provider).toEqual(active.provider);
    expect(leaving.provider.aws.map((p: Json) => [p.alias ?? 'default', p.assume_role[0].role_arn])).toEqual([
      ['default', 'arn:aws:iam::555555555502:role/OrganizationAccountAccessRole'],
      ['network', 'arn:aws:iam::222222222203:role/OrganizationAccountAccessRole'],
    ]);
    expect(leaving.terraform.backend).toEqual(active.terraform.backend);
    expect(leaving.output).toEqual(active.output);
  });

  it('THEN no stack of the app holds or references a hub attachment of the account, and the hub still blackholes its range in every segment', () => {
    const stacks = buildApp(Testing.app() as App, suspended('ACTIVE'));
    const holders: string[] = [];
    for (const s of stacks) {
      const json = terraformJson(s) as Json;
      for (const type of HUB_TYPES) if (Object.keys(blocksOf(json, type)).length) holders.push(s.node.id);
    }
    // Every active account with a VPC, and only those.
    expect([...new Set(holders)].sort()).toEqual(
      lz.accounts
        .filter((a) => a.vpc && a.name !== 'payments-staging')
        .map((a) => `baseline-${a.name}`)
        .sort(),
    );
    const network = terraformJson(stacks.find((s) => s.node.id === 'network')!) as Json;
    const blackholes = Object.entries(blocksOf(network, 'aws_ec2_transit_gateway_route'))
      .filter(([, r]) => r.destination_cidr_block === '10.21.0.0/16')
      .map(([path, r]) => `${path} ${r.blackhole}`)
      .sort();
    expect(blackholes).toEqual([
      'hub-eu-west-1/blackhole-nonprod-payments-staging true',
      'hub-eu-west-1/blackhole-prod-payments-staging true',
      'hub-eu-west-1/blackhole-sandbox-payments-staging true',
      'hub-eu-west-1/blackhole-shared-payments-staging true',
    ]);
  });

  it('THEN the leaving baseline still deploys after security and network, and identity still waits for it', () => {
    const { stackDefinitions } = require('../../stacks/index') as typeof import('../../stacks/index');
    const defs = stackDefinitions(suspended('ACTIVE'));
    expect(defs.find((d) => d.name === 'baseline-payments-staging')!.dependsOn).toEqual(['security', 'network']);
    expect(defs.find((d) => d.name === 'identity')!.dependsOn).toContain('baseline-payments-staging');
    expect(defs.map((d) => d.name)).not.toContain('product-payments-staging');
  });
});

describe('a suspended account that is closed', () => {
  it.each(['SUSPENDED', 'PENDING_CLOSURE', 'missing'] as const)('GIVEN lock status %s WHEN the app is built THEN it has no baseline and no product stack, and the hub keeps its blackholes', (status) => {
    const stacks = buildApp(Testing.app() as App, suspended(status));
    const names = stacks.map((s) => s.node.id);
    expect(names.filter((n) => n.endsWith('-payments-staging'))).toEqual([]);
    const network = terraformJson(stacks.find((s) => s.node.id === 'network')!) as Json;
    expect(Object.keys(blocksOf(network, 'aws_ec2_transit_gateway_route')).filter((k) => k.endsWith('-payments-staging')).length).toBe(4);
  });
});
