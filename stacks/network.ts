/**
 * Stack 4, in the network account: the hub that product VPCs attach to. A Transit Gateway is
 * regional, so there is one hub in each region that holds a VPC, each with the same segments.
 * Segment isolation is visible here: every segment's route table blackholes the VPCs of the
 * segments it must not reach, and the VPCs of suspended accounts. Attachments, associations and
 * propagations are made by each active account's baseline (see modules/segment-attachment.ts), and
 * destroyed by the baseline of a suspended account before it is closed (stacks/baseline.ts
 * `baselinePhase`); the blackholes stay until the account is gone from config.
 *
 * Reached through the bootstrap role, like every stack that runs before the baselines.
 */
import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { coreAccount, type LandingZone } from '../src/config/model';
import { managementAccountIdOf, organizationIdOf } from '../src/config/lock';
import { TransitGatewaySegments, type SegmentVpc } from '../modules/transit-gateway-segments';
import { LandingZoneStack } from './landing-zone-stack';

/**
 * Regions that need a hub: those of every VPC (an account's VPC is in its primary region), sorted.
 * Suspended accounts count: their hub keeps the blackhole routes for their ranges.
 */
export function hubRegions(lz: LandingZone): string[] {
  return [...new Set(lz.accounts.filter((a) => a.vpc && a.segment).map((a) => a.regions[0]))].sort();
}

export class NetworkStack extends LandingZoneStack {
  readonly hubs = new Map<string, TransitGatewaySegments>();

  constructor(scope: Construct, lz: LandingZone) {
    super(scope, 'network', lz);
    const network = coreAccount(lz, 'network');
    const organizationArn = `arn:aws:organizations::${managementAccountIdOf(lz)}:organization/${organizationIdOf(lz)}`;
    this.provider({ account: network.name, region: lz.organization.homeRegion, roleName: lz.roles.bootstrap });

    for (const region of hubRegions(lz)) {
      const vpcs: SegmentVpc[] = lz.accounts
        .filter((a) => a.vpc && a.segment && a.regions[0] === region)
        .map((a) => ({ account: a.name, segment: a.segment!, cidr: a.vpc!.cidr, ...(a.state === 'suspended' ? { suspended: true } : {}) }));
      const hub = new TransitGatewaySegments(this, `hub-${region}`, {
        region,
        amazonSideAsn: lz.organization.network.transitGatewayAsn,
        segments: lz.organization.network.segments,
        vpcs,
        organizationArn,
      });
      this.hubs.set(region, hub);
      new TerraformOutput(this, `transit_gateway_${region.replace(/-/g, '_')}`, { value: hub.transitGateway.id });
    }
  }
}
