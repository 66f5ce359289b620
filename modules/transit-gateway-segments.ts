/**
 * The network hub: a Transit Gateway in the network account, shared with the whole organization by
 * RAM, with one route table per segment. Attachments are never associated or propagated by default:
 * each account's baseline associates its VPC with its own segment's table and propagates it only
 * into the tables of segments that reach it. On top, every segment's table holds a blackhole route
 * for each VPC it must not reach, so a mistaken propagation still cannot open a path, and the
 * isolation can be read in this stack alone. A suspended account's VPC is blackholed in every
 * table, its own segment's included: its range stays unreachable, and unusable by another VPC by
 * mistake, until the account is closed and its VPC is gone.
 */
import { Construct } from 'constructs';
import { Ec2TransitGateway } from '@cdktf/provider-aws/lib/ec2-transit-gateway';
import { Ec2TransitGatewayRoute } from '@cdktf/provider-aws/lib/ec2-transit-gateway-route';
import { Ec2TransitGatewayRouteTable } from '@cdktf/provider-aws/lib/ec2-transit-gateway-route-table';
import { RamPrincipalAssociation } from '@cdktf/provider-aws/lib/ram-principal-association';
import { RamResourceAssociation } from '@cdktf/provider-aws/lib/ram-resource-association';
import { RamResourceShare } from '@cdktf/provider-aws/lib/ram-resource-share';
import { TAG_SEGMENT, TAG_TRANSIT_GATEWAY } from '../src/contract/names';
import { segmentReach, type SegmentsConfig } from '../src/net/segments';

export const DEFAULT_TRANSIT_GATEWAY_ASN = 64512;

/** The value of the TAG_TRANSIT_GATEWAY tag on the hub, which baselines look the hub up by. */
export const HUB_TAG_VALUE = 'hub';

export interface SegmentVpc {
  /** The account the VPC belongs to; names the blackhole routes. */
  readonly account: string;
  readonly segment: string;
  readonly cidr: string;
  /** Whether the account is suspended: then no segment reaches it. @default false */
  readonly suspended?: boolean;
}

export interface TransitGatewaySegmentsProps {
  readonly region: string;
  /** @default 64512 */
  readonly amazonSideAsn?: number;
  readonly segments: SegmentsConfig;
  /** Every VPC of the organization, for the blackhole routes. */
  readonly vpcs: readonly SegmentVpc[];
  /** `arn:aws:organizations::<management-id>:organization/<org-id>`: the principal the hub is shared with. */
  readonly organizationArn: string;
}

export class TransitGatewaySegments extends Construct {
  readonly transitGateway: Ec2TransitGateway;
  readonly routeTables = new Map<string, Ec2TransitGatewayRouteTable>();

  constructor(scope: Construct, id: string, props: TransitGatewaySegmentsProps) {
    super(scope, id);
    const { region } = props;
    this.transitGateway = new Ec2TransitGateway(this, 'transit-gateway', {
      region,
      description: 'landing-zone hub: one route table per segment',
      amazonSideAsn: props.amazonSideAsn ?? DEFAULT_TRANSIT_GATEWAY_ASN,
      // Attachments come from member accounts' baselines; accepting them here keeps the stacks independent.
      autoAcceptSharedAttachments: 'enable',
      // No default table: an attachment reaches nothing until its baseline places it in a segment.
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
      dnsSupport: 'enable',
      vpnEcmpSupport: 'enable',
      tags: { Name: 'landing-zone-hub', [TAG_TRANSIT_GATEWAY]: HUB_TAG_VALUE },
    });

    const reach = segmentReach(props.segments);
    for (const segment of reach.keys()) {
      this.routeTables.set(
        segment,
        new Ec2TransitGatewayRouteTable(this, `route-table-${segment}`, {
          region,
          transitGatewayId: this.transitGateway.id,
          tags: { Name: `landing-zone-${segment}`, [TAG_SEGMENT]: segment },
        }),
      );
    }
    for (const [segment, reached] of reach) {
      for (const vpc of props.vpcs) {
        if (reached.includes(vpc.segment) && !vpc.suspended) continue;
        new Ec2TransitGatewayRoute(this, `blackhole-${segment}-${vpc.account}`, {
          region,
          transitGatewayRouteTableId: this.routeTables.get(segment)!.id,
          destinationCidrBlock: vpc.cidr,
          blackhole: true,
        });
      }
    }

    const share = new RamResourceShare(this, 'share', {
      region,
      name: 'landing-zone-transit-gateway',
      allowExternalPrincipals: false,
      tags: { Name: 'landing-zone-transit-gateway' },
    });
    new RamResourceAssociation(this, 'share-transit-gateway', { region, resourceArn: this.transitGateway.arn, resourceShareArn: share.arn });
    new RamPrincipalAssociation(this, 'share-organization', { region, principal: props.organizationArn, resourceShareArn: share.arn });
  }
}
