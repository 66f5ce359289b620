/**
 * Subnet carving: the tiers of a VPC laid out across its Availability Zones. Blocks are placed
 * largest first, so power-of-two blocks pack without gaps and a layout fits exactly when the sum
 * of its blocks fits the VPC. The same inputs always give the same layout; changing the AZ count
 * or a prefix moves later blocks (subnets are replaced, which is why the README says so).
 */
import { formatCidr, parseCidr } from './cidr';

export type SubnetTier = 'public' | 'private' | 'isolated';

/** The tiers in the order every layout lists them. */
export const SUBNET_TIERS: readonly SubnetTier[] = ['public', 'private', 'isolated'];

export type TierPrefixes = Readonly<Record<SubnetTier, number>>;

/** Subnet CIDRs per tier, index = Availability Zone index. */
export type SubnetLayout = Readonly<Record<SubnetTier, readonly string[]>>;

export type CarveResult =
  | { readonly ok: true; readonly layout: SubnetLayout }
  | {
      readonly ok: false;
      /** The first tier, in placement order, that runs past the end of the VPC. */
      readonly tier: SubnetTier;
      /** Tiers placed before it. */
      readonly placedBefore: readonly SubnetTier[];
      /** The longest VPC prefix that would hold every tier, e.g. 19 for a /19. */
      readonly neededPrefix: number;
    };

/** Placement order: larger blocks (shorter prefixes) first; ties keep SUBNET_TIERS order. */
export function placementOrder(prefixes: TierPrefixes): SubnetTier[] {
  return [...SUBNET_TIERS].sort((a, b) => prefixes[a] - prefixes[b] || SUBNET_TIERS.indexOf(a) - SUBNET_TIERS.indexOf(b));
}

/** The longest prefix whose block holds `addresses` addresses. */
export function prefixHolding(addresses: number): number {
  return 32 - Math.ceil(Math.log2(addresses));
}

/** Carves `vpcCidr` into `availabilityZones` subnets per tier. `vpcCidr` must be a valid, aligned CIDR. */
export function carveSubnets(vpcCidr: string, availabilityZones: number, prefixes: TierPrefixes): CarveResult {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`internal: carveSubnets given invalid CIDR ${vpcCidr}`);
  const order = placementOrder(prefixes);
  const total = order.reduce((sum, tier) => sum + availabilityZones * 2 ** (32 - prefixes[tier]), 0);
  const end = vpc.start + vpc.size;
  const layout: Record<SubnetTier, string[]> = { public: [], private: [], isolated: [] };
  let next = vpc.start;
  for (const [i, tier] of order.entries()) {
    const size = 2 ** (32 - prefixes[tier]);
    if (prefixes[tier] < vpc.prefix || next + availabilityZones * size > end) {
      return { ok: false, tier, placedBefore: order.slice(0, i), neededPrefix: prefixHolding(total) };
    }
    for (let az = 0; az < availabilityZones; az++) {
      layout[tier].push(formatCidr({ start: next, prefix: prefixes[tier] }));
      next += size;
    }
  }
  return { ok: true, layout };
}
