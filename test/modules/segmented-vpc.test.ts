import { SegmentedVpc, type SegmentedVpcProps } from '../../modules/segmented-vpc';
import { blockAt, blocksOf, refTo, synthConstruct } from './harness';

const BASE: SegmentedVpcProps = {
  name: 'payments-prod',
  region: 'eu-west-1',
  cidr: '10.20.0.0/16',
  availabilityZones: 3,
  subnetPrefix: { public: 21, private: 19, isolated: 21 },
  nat: 'per-az',
  logsKeyArn: 'arn:aws:kms:eu-west-1:555555555501:key/logs',
  flowLogRoleArn: 'arn:aws:iam::555555555501:role/landing-zone/flow-logs',
  tags: { product: 'payments' },
};

const vpc = (props: Partial<SegmentedVpcProps> = {}) => synthConstruct((stack) => new SegmentedVpc(stack, 'vpc', { ...BASE, ...props })).json;

describe('SegmentedVpc', () => {
  const json = vpc();

  it('GIVEN a /16 over 3 AZs WHEN synthesized THEN each tier has one subnet per AZ with the carved CIDRs', () => {
    const subnets = blocksOf(json, 'aws_subnet');
    const cidrs = Object.fromEntries(Object.entries(subnets).map(([path, s]) => [path, s.cidr_block]));
    // private /19 × 3 first, then public /21 × 3, then isolated /21 × 3.
    expect(cidrs).toEqual({
      'vpc/subnet-private-az1': '10.20.0.0/19',
      'vpc/subnet-private-az2': '10.20.32.0/19',
      'vpc/subnet-private-az3': '10.20.64.0/19',
      'vpc/subnet-public-az1': '10.20.96.0/21',
      'vpc/subnet-public-az2': '10.20.104.0/21',
      'vpc/subnet-public-az3': '10.20.112.0/21',
      'vpc/subnet-isolated-az1': '10.20.120.0/21',
      'vpc/subnet-isolated-az2': '10.20.128.0/21',
      'vpc/subnet-isolated-az3': '10.20.136.0/21',
    });
    const az2 = blockAt(json, 'aws_subnet', 'vpc/subnet-isolated-az2');
    expect(az2.availability_zone).toBe(`\${element(${refTo(json, 'aws_availability_zones', 'vpc/zones', 'names', 'data').slice(2, -1)}, 1)}`);
    expect(az2.map_public_ip_on_launch).toBe(false);
    expect(az2.tags).toEqual({ product: 'payments', Name: 'payments-prod-isolated-az2', tier: 'isolated' });
  });

  it('THEN the default security group has no rule at all, and no security group allows ingress from 0.0.0.0/0', () => {
    const sg = blockAt(json, 'aws_default_security_group', 'vpc/default-security-group');
    expect(sg.ingress).toEqual([]);
    expect(sg.egress).toEqual([]);
    expect(Object.keys(blocksOf(json, 'aws_security_group'))).toEqual([]);
    expect(Object.keys(blocksOf(json, 'aws_vpc_security_group_ingress_rule'))).toEqual([]);
  });

  it.each([
    ['none', [], { az1: undefined, az2: undefined, az3: undefined }],
    ['single', ['vpc/nat-az1'], { az1: 'vpc/nat-az1', az2: 'vpc/nat-az1', az3: 'vpc/nat-az1' }],
    ['per-az', ['vpc/nat-az1', 'vpc/nat-az2', 'vpc/nat-az3'], { az1: 'vpc/nat-az1', az2: 'vpc/nat-az2', az3: 'vpc/nat-az3' }],
  ] as const)('GIVEN nat %s WHEN synthesized THEN the NAT gateways are %j and each private table routes to its own', (nat, gateways, routes) => {
    const j = vpc({ nat });
    expect(Object.keys(blocksOf(j, 'aws_nat_gateway')).sort()).toEqual([...gateways]);
    expect(Object.keys(blocksOf(j, 'aws_eip'))).toHaveLength(gateways.length);
    for (const [az, natPath] of Object.entries(routes)) {
      const route = blocksOf(j, 'aws_route')[`vpc/route-private-${az}-nat`];
      if (!natPath) {
        expect(route).toBeUndefined();
      } else {
        expect(route.destination_cidr_block).toBe('0.0.0.0/0');
        expect(route.nat_gateway_id).toBe(refTo(j, 'aws_nat_gateway', natPath, 'id'));
        expect(route.route_table_id).toBe(refTo(j, 'aws_route_table', `vpc/route-table-private-${az}`, 'id'));
      }
    }
  });

  it('THEN only the public table routes to the internet gateway, and the isolated table has no default route', () => {
    const routes = Object.values(blocksOf(json, 'aws_route'));
    const toIgw = routes.filter((r) => r.gateway_id);
    expect(toIgw).toHaveLength(1);
    expect(toIgw[0].route_table_id).toBe(refTo(json, 'aws_route_table', 'vpc/route-table-public', 'id'));
    expect(routes.filter((r) => r.route_table_id === refTo(json, 'aws_route_table', 'vpc/route-table-isolated', 'id'))).toEqual([]);
  });

  it('THEN the default network ACL is managed with no rule at all (deny all) and holds no subnet', () => {
    const acl = blockAt(json, 'aws_default_network_acl', 'vpc/default-network-acl');
    expect(acl.default_network_acl_id).toBe(refTo(json, 'aws_vpc', 'vpc/vpc', 'default_network_acl_id'));
    expect(acl.ingress).toEqual([]);
    expect(acl.egress).toEqual([]);
    expect(acl.subnet_ids).toBeUndefined();
  });

  it('THEN each tier has its own network ACL holding exactly its subnets', () => {
    const acls = blocksOf(json, 'aws_network_acl');
    expect(Object.keys(acls).sort()).toEqual(['vpc/network-acl-isolated', 'vpc/network-acl-private', 'vpc/network-acl-public']);
    for (const tier of ['public', 'private', 'isolated']) {
      expect(acls[`vpc/network-acl-${tier}`].subnet_ids).toEqual(['az1', 'az2', 'az3'].map((az) => refTo(json, 'aws_subnet', `vpc/subnet-${tier}-${az}`, 'id')));
      expect(acls[`vpc/network-acl-${tier}`].tags).toEqual({ product: 'payments', Name: `payments-prod-${tier}`, tier });
    }
  });

  it('THEN the isolated ACL lets traffic out only to its VPC and HTTPS, and no ACL admits SSH, RDP or all traffic from the internet', () => {
    const acls = blocksOf(json, 'aws_network_acl');
    const rule = (r: any) => `${r.rule_no} ${r.action} ${r.protocol} ${r.cidr_block} ${r.from_port}-${r.to_port}`;
    expect(acls['vpc/network-acl-isolated'].egress.map(rule)).toEqual(['100 allow -1 10.20.0.0/16 0-0', '200 allow 6 0.0.0.0/0 443-443']);
    expect(acls['vpc/network-acl-isolated'].ingress.map(rule)).toEqual(['100 allow -1 10.20.0.0/16 0-0', '300 allow 6 0.0.0.0/0 1024-3388', '310 allow 6 0.0.0.0/0 3390-65535']);
    // Without hub ranges the private tier admits only its own VPC and replies.
    expect(acls['vpc/network-acl-private'].ingress.map(rule)).toEqual(['100 allow -1 10.20.0.0/16 0-0', '300 allow 6 0.0.0.0/0 1024-3388', '310 allow 6 0.0.0.0/0 3390-65535']);
    for (const acl of Object.values(acls)) {
      for (const r of acl.ingress.filter((x: any) => x.cidr_block === '0.0.0.0/0')) {
        expect([rule(r), r.protocol === '-1' || [22, 3389, 20, 21].some((port) => r.from_port <= port && port <= r.to_port)]).toEqual([rule(r), false]);
      }
    }
  });

  it('GIVEN hub ranges THEN only the private ACL admits them', () => {
    const acls = blocksOf(vpc({ hubRanges: ['10.0.0.0/8', '172.16.0.0/12'] }), 'aws_network_acl');
    const from = (tier: string) => acls[`vpc/network-acl-${tier}`].ingress.map((r: any) => r.cidr_block);
    expect(from('private')).toEqual(['10.20.0.0/16', '10.0.0.0/8', '172.16.0.0/12', '0.0.0.0/0', '0.0.0.0/0']);
    expect(from('isolated')).toEqual(['10.20.0.0/16', '0.0.0.0/0', '0.0.0.0/0']);
    expect(from('public')).toEqual(['10.20.0.0/16', '0.0.0.0/0', '0.0.0.0/0', '0.0.0.0/0', '0.0.0.0/0']);
  });

  it('THEN S3 and DynamoDB gateway endpoints serve every route table', () => {
    const s3 = blockAt(json, 'aws_vpc_endpoint', 'vpc/endpoint-s3');
    expect(s3.service_name).toBe('com.amazonaws.eu-west-1.s3');
    expect(s3.vpc_endpoint_type).toBe('Gateway');
    expect(s3.route_table_ids).toHaveLength(5); // public, private × 3, isolated
    expect(blockAt(json, 'aws_vpc_endpoint', 'vpc/endpoint-dynamodb').service_name).toBe('com.amazonaws.eu-west-1.dynamodb');
  });

  it('THEN all traffic is logged to a KMS-encrypted log group under /landing-zone/ that a plan cannot destroy', () => {
    const group = blockAt(json, 'aws_cloudwatch_log_group', 'vpc/flow-log-group');
    expect(group).toMatchObject({ name: '/landing-zone/flow-logs/payments-prod', kms_key_id: BASE.logsKeyArn, retention_in_days: 365, lifecycle: { prevent_destroy: true } });
    const flowLog = blockAt(json, 'aws_flow_log', 'vpc/flow-log');
    expect(flowLog).toMatchObject({
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: refTo(json, 'aws_cloudwatch_log_group', 'vpc/flow-log-group', 'arn'),
      iam_role_arn: BASE.flowLogRoleArn,
      vpc_id: refTo(json, 'aws_vpc', 'vpc/vpc', 'id'),
    });
  });

  it('GIVEN tiers that do not fit WHEN constructed THEN it names the tier and the size needed', () => {
    // 3 × /19 + 6 × /21 = 24576 + 12288 = 36864 addresses: more than a /17 (32768), so a /16.
    expect(() => vpc({ cidr: '10.20.0.0/20' })).toThrow('subnet tier private does not fit in 10.20.0.0/20; the tiers need a /16 (lz validate reports this with the config position)');
  });
});
