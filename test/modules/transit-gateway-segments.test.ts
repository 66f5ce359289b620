import { TransitGatewaySegments } from '../../modules/transit-gateway-segments';
import { segmentReach } from '../../src/net/segments';
import { blockAt, blocksOf, refTo, synthConstruct } from './harness';

describe('segmentReach', () => {
  it.each([
    ['no reaches: each segment alone', { a: {}, b: {} }, { a: ['a'], b: ['b'] }],
    ['reaches works both ways', { prod: { reaches: ['shared'] }, shared: {} }, { prod: ['prod', 'shared'], shared: ['prod', 'shared'] }],
    [
      'reaching a common segment does not connect the two',
      { prod: { reaches: ['shared'] }, nonprod: { reaches: ['shared'] }, shared: {} },
      { nonprod: ['nonprod', 'shared'], prod: ['prod', 'shared'], shared: ['nonprod', 'prod', 'shared'] },
    ],
    ['config may open prod to nonprod explicitly', { prod: { reaches: ['nonprod'] }, nonprod: {} }, { nonprod: ['nonprod', 'prod'], prod: ['nonprod', 'prod'] }],
    ['unknown names are ignored here (validation reports them)', { a: { reaches: ['ghost'] } }, { a: ['a'] }],
  ])('%s', (_, segments, expected) => {
    expect(Object.fromEntries(segmentReach(segments))).toEqual(expected);
  });
});

describe('TransitGatewaySegments', () => {
  const { json } = synthConstruct((stack) => {
    new TransitGatewaySegments(stack, 'hub', {
      region: 'eu-west-1',
      amazonSideAsn: 64600,
      segments: { prod: { reaches: ['shared'] }, nonprod: { reaches: ['shared'] }, shared: {} },
      vpcs: [
        { account: 'payments-prod', segment: 'prod', cidr: '10.20.0.0/16' },
        { account: 'payments-staging', segment: 'nonprod', cidr: '10.21.0.0/16' },
        { account: 'shared-services', segment: 'shared', cidr: '10.10.0.0/20' },
      ],
      organizationArn: 'arn:aws:organizations::111111111111:organization/o-exampleorg1',
    });
  });

  it('GIVEN the hub WHEN synthesized THEN attachments are accepted but neither associated nor propagated by default', () => {
    expect(blockAt(json, 'aws_ec2_transit_gateway', 'hub/transit-gateway')).toMatchObject({
      region: 'eu-west-1',
      amazon_side_asn: 64600,
      auto_accept_shared_attachments: 'enable',
      default_route_table_association: 'disable',
      default_route_table_propagation: 'disable',
      tags: { Name: 'landing-zone-hub', 'landing-zone-transit-gateway': 'hub' },
    });
  });

  it('THEN there is one route table per segment, tagged with its segment for the baselines to find', () => {
    const tables = blocksOf(json, 'aws_ec2_transit_gateway_route_table');
    expect(Object.keys(tables).sort()).toEqual(['hub/route-table-nonprod', 'hub/route-table-prod', 'hub/route-table-shared']);
    expect(tables['hub/route-table-prod'].tags).toEqual({ Name: 'landing-zone-prod', 'landing-zone-segment': 'prod' });
  });

  it('THEN prod and nonprod blackhole each other and shared blackholes nothing', () => {
    const blackholes = Object.entries(blocksOf(json, 'aws_ec2_transit_gateway_route')).map(([path, r]) => [path, r.destination_cidr_block, r.blackhole, r.transit_gateway_route_table_id]);
    expect(blackholes.sort()).toEqual([
      ['hub/blackhole-nonprod-payments-prod', '10.20.0.0/16', true, refTo(json, 'aws_ec2_transit_gateway_route_table', 'hub/route-table-nonprod', 'id')],
      ['hub/blackhole-prod-payments-staging', '10.21.0.0/16', true, refTo(json, 'aws_ec2_transit_gateway_route_table', 'hub/route-table-prod', 'id')],
    ]);
  });

  it('THEN the hub is shared with the organization only', () => {
    expect(blockAt(json, 'aws_ram_resource_share', 'hub/share').allow_external_principals).toBe(false);
    expect(blockAt(json, 'aws_ram_principal_association', 'hub/share-organization').principal).toBe('arn:aws:organizations::111111111111:organization/o-exampleorg1');
    expect(blockAt(json, 'aws_ram_resource_association', 'hub/share-transit-gateway').resource_arn).toBe(refTo(json, 'aws_ec2_transit_gateway', 'hub/transit-gateway', 'arn'));
  });
});
