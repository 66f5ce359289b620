import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { loadLandingZone } from '../../src/config/load';
import { overlaps, parseCidr } from '../../src/net/cidr';
import { buildApp } from '../../src/synth/synth';
import { REPO } from '../support/example';
import { blocksOf, terraformJson } from '../modules/harness';

const lz = loadLandingZone(join(REPO, 'config'));
const [stack] = buildApp(Testing.app() as App, lz, ['network']);
const json = terraformJson(stack) as Record<string, any>;

describe('network stack', () => {
  it('GIVEN the example WHEN synthesized THEN it runs in the network account through the bootstrap role', () => {
    expect(json.provider.aws).toEqual([
      expect.objectContaining({ region: 'eu-west-1', assume_role: [{ role_arn: 'arn:aws:iam::222222222203:role/OrganizationAccountAccessRole', session_name: 'landing-zone-network' }] }),
    ]);
    expect(json.terraform.backend.s3.key).toBe('network/terraform.tfstate');
  });

  it('THEN there is a hub in each region that holds a VPC: analytics in eu-central-1, the rest in eu-west-1', () => {
    const hubs = blocksOf(json, 'aws_ec2_transit_gateway');
    expect(Object.keys(hubs).sort()).toEqual(['hub-eu-central-1/transit-gateway', 'hub-eu-west-1/transit-gateway']);
    expect(hubs['hub-eu-central-1/transit-gateway'].region).toBe('eu-central-1');
    expect(hubs['hub-eu-west-1/transit-gateway'].amazon_side_asn).toBe(64512);
  });

  it('THEN each hub has a route table for every segment', () => {
    expect(Object.keys(blocksOf(json, 'aws_ec2_transit_gateway_route_table')).sort()).toEqual([
      'hub-eu-central-1/route-table-nonprod',
      'hub-eu-central-1/route-table-prod',
      'hub-eu-central-1/route-table-sandbox',
      'hub-eu-central-1/route-table-shared',
      'hub-eu-west-1/route-table-nonprod',
      'hub-eu-west-1/route-table-prod',
      'hub-eu-west-1/route-table-sandbox',
      'hub-eu-west-1/route-table-shared',
    ]);
  });

  it('THEN segment isolation is visible: every table blackholes each VPC of a segment it does not reach, the sandbox reaching none but its own', () => {
    const blackholes = Object.entries(blocksOf(json, 'aws_ec2_transit_gateway_route'))
      .map(([path, r]) => `${path} ${r.destination_cidr_block} ${r.blackhole}`)
      .sort();
    expect(blackholes).toEqual([
      // eu-central-1 holds analytics-prod (prod) and analytics-nonprod (nonprod).
      'hub-eu-central-1/blackhole-nonprod-analytics-prod 10.40.0.0/17 true',
      'hub-eu-central-1/blackhole-prod-analytics-nonprod 10.40.128.0/18 true',
      'hub-eu-central-1/blackhole-sandbox-analytics-nonprod 10.40.128.0/18 true',
      'hub-eu-central-1/blackhole-sandbox-analytics-prod 10.40.0.0/17 true',
      // eu-west-1: prod = catalog-prod, payments-prod; nonprod = catalog-dev, payments-staging; sandbox = analytics-sandbox; shared = shared services.
      'hub-eu-west-1/blackhole-nonprod-analytics-sandbox 10.41.0.0/20 true',
      'hub-eu-west-1/blackhole-nonprod-catalog-prod 10.30.0.0/18 true',
      'hub-eu-west-1/blackhole-nonprod-payments-prod 10.20.0.0/16 true',
      'hub-eu-west-1/blackhole-prod-analytics-sandbox 10.41.0.0/20 true',
      'hub-eu-west-1/blackhole-prod-catalog-dev 10.30.64.0/20 true',
      'hub-eu-west-1/blackhole-prod-payments-staging 10.21.0.0/16 true',
      'hub-eu-west-1/blackhole-sandbox-acme-shared-services 10.10.0.0/20 true',
      'hub-eu-west-1/blackhole-sandbox-catalog-dev 10.30.64.0/20 true',
      'hub-eu-west-1/blackhole-sandbox-catalog-prod 10.30.0.0/18 true',
      'hub-eu-west-1/blackhole-sandbox-payments-prod 10.20.0.0/16 true',
      'hub-eu-west-1/blackhole-sandbox-payments-staging 10.21.0.0/16 true',
      'hub-eu-west-1/blackhole-shared-analytics-sandbox 10.41.0.0/20 true',
    ]);
  });

  it('GIVEN catalog-dev is suspended THEN every segment table blackholes its VPC, its own segment and shared services included, and its hub stays', () => {
    const suspended = { ...lz, accounts: lz.accounts.map((a) => (a.name === 'catalog-dev' ? { ...a, state: 'suspended' as const } : a)) };
    const [network] = buildApp(Testing.app() as App, suspended, ['network']);
    const routes = blocksOf(terraformJson(network) as Record<string, any>, 'aws_ec2_transit_gateway_route');
    const forCatalogDev = Object.entries(routes)
      .filter(([, r]) => r.destination_cidr_block === '10.30.64.0/20')
      .map(([path, r]) => `${path} ${r.blackhole}`)
      .sort();
    expect(forCatalogDev).toEqual([
      'hub-eu-west-1/blackhole-nonprod-catalog-dev true',
      'hub-eu-west-1/blackhole-prod-catalog-dev true',
      'hub-eu-west-1/blackhole-sandbox-catalog-dev true',
      'hub-eu-west-1/blackhole-shared-catalog-dev true',
    ]);
    // AND the others keep their reach: payments-staging (nonprod) is still blackholed only where it was
    expect(Object.keys(routes).filter((k) => k.endsWith('-payments-staging')).sort()).toEqual([
      'hub-eu-west-1/blackhole-prod-payments-staging',
      'hub-eu-west-1/blackhole-sandbox-payments-staging',
    ]);
  });

  it('THEN no two VPCs of the example overlap', () => {
    const vpcs = lz.accounts.filter((a) => a.vpc).map((a) => ({ name: a.name, cidr: parseCidr(a.vpc!.cidr)! }));
    expect(vpcs).toHaveLength(8);
    for (const a of vpcs) for (const b of vpcs) if (a !== b) expect([a.name, b.name, overlaps(a.cidr, b.cidr)]).toEqual([a.name, b.name, false]);
  });

  it('THEN each hub is shared with the organization by RAM', () => {
    const principals = Object.values(blocksOf(json, 'aws_ram_principal_association')).map((p) => p.principal);
    expect(principals).toEqual(['arn:aws:organizations::111111111111:organization/o-exampleorg1', 'arn:aws:organizations::111111111111:organization/o-exampleorg1']);
  });
});
