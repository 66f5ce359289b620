/**
 * Puts a VPC into its segment of the hub. The attachment lives in the VPC's account; association
 * and propagation are the hub owner's to make, so they go through the network account's provider.
 * Both halves are in the account's baseline stack, and the hub and its tables are found by tag,
 * so the network stack never needs to know an attachment id and no stack reads another's outputs.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { DataAwsEc2TransitGateway } from '@cdktf/provider-aws/lib/data-aws-ec2-transit-gateway';
import { DataAwsEc2TransitGatewayRouteTable } from '@cdktf/provider-aws/lib/data-aws-ec2-transit-gateway-route-table';
import { Ec2TransitGatewayRouteTableAssociation } from '@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-association';
import { Ec2TransitGatewayRouteTablePropagation } from '@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-propagation';
import { Ec2TransitGatewayVpcAttachment } from '@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment';
import { Route } from '@cdktf/provider-aws/lib/route';
import { TAG_SEGMENT, TAG_TRANSIT_GATEWAY } from '../src/contract/names';
import type { SegmentedVpc } from './segmented-vpc';
import { HUB_TAG_VALUE } from './transit-gateway-segments';

/**
 * Private address space the private tier sends to the hub. The hub's segment tables decide what is
 * reachable; the VPC's own CIDR stays local because the local route is more specific. The isolated
 * tier gets none of these routes: it stays local-only.
 */
export const HUB_DESTINATIONS: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export interface SegmentAttachmentProps {
  readonly name: string;
  readonly region: string;
  readonly vpc: SegmentedVpc;
  /** The segment the VPC belongs to. */
  readonly segment: string;
  /** Segments whose tables learn this VPC's routes: its own and every segment that reaches it. */
  readonly propagateTo: readonly string[];
  /** The provider of the network account, which owns the hub. */
  readonly networkProvider: TerraformProvider;
}

export class SegmentAttachment extends Construct {
  readonly attachment: Ec2TransitGatewayVpcAttachment;

  constructor(scope: Construct, id: string, props: SegmentAttachmentProps) {
    super(scope, id);
    const { region, networkProvider } = props;
    const hub = new DataAwsEc2TransitGateway(this, 'hub', {
      provider: networkProvider,
      region,
      filter: [
        { name: `tag:${TAG_TRANSIT_GATEWAY}`, values: [HUB_TAG_VALUE] },
        { name: 'state', values: ['available'] },
      ],
    });
    this.attachment = new Ec2TransitGatewayVpcAttachment(this, 'attachment', {
      region,
      transitGatewayId: hub.id,
      vpcId: props.vpc.vpc.id,
      // The private tier holds the attachment's interfaces, one per AZ.
      subnetIds: props.vpc.subnets.private.map((s) => s.id),
      dnsSupport: 'enable',
      tags: { Name: props.name, [TAG_SEGMENT]: props.segment },
    });
    const table = (segment: string) =>
      new DataAwsEc2TransitGatewayRouteTable(this, `route-table-${segment}`, {
        provider: networkProvider,
        region,
        filter: [
          { name: `tag:${TAG_SEGMENT}`, values: [segment] },
          { name: 'transit-gateway-id', values: [hub.id] },
        ],
      });
    const tables = new Map([...new Set([props.segment, ...props.propagateTo])].sort().map((s) => [s, table(s)]));
    new Ec2TransitGatewayRouteTableAssociation(this, 'association', {
      provider: networkProvider,
      region,
      transitGatewayAttachmentId: this.attachment.id,
      transitGatewayRouteTableId: tables.get(props.segment)!.id,
    });
    for (const segment of [...props.propagateTo].sort()) {
      new Ec2TransitGatewayRouteTablePropagation(this, `propagation-${segment}`, {
        provider: networkProvider,
        region,
        transitGatewayAttachmentId: this.attachment.id,
        transitGatewayRouteTableId: tables.get(segment)!.id,
      });
    }
    for (const routeTable of props.vpc.routeTables.private) {
      for (const destination of HUB_DESTINATIONS) {
        new Route(this, `route-${routeTable.node.id.replace('route-table-', '')}-${destination.replace(/[./]/g, '-')}`, {
          region,
          routeTableId: routeTable.id,
          destinationCidrBlock: destination,
          transitGatewayId: hub.id,
          dependsOn: [this.attachment],
        });
      }
    }
  }
}
