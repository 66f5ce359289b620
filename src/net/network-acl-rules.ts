/**
 * The network ACL of each subnet tier. Security groups stay the fine-grained control; the ACLs
 * hold what a tier may never do whatever its security groups say: the isolated tier talks to its
 * own VPC and to the gateway endpoints only, and nothing from the internet reaches a management
 * port (SSH, RDP, FTP) of any tier. The VPC's default ACL keeps no rule at all, so a subnet that is
 * not placed in a tier (none should exist) passes no traffic.
 *
 * ACLs are stateless: replies to connections a subnet opens come back to an ephemeral port, so
 * each tier admits TCP on 1024-65535 from anywhere, with a gap at 3389 (RDP).
 */
import type { SubnetTier } from './subnets';

export interface NetworkAclRule {
  readonly ruleNo: number;
  /** `-1` (all), `6` (TCP) or `17` (UDP). */
  readonly protocol: '-1' | '6' | '17';
  readonly action: 'allow' | 'deny';
  readonly cidrBlock: string;
  /** Both 0 when protocol is -1. */
  readonly fromPort: number;
  readonly toPort: number;
}

export interface TierAclRules {
  readonly ingress: readonly NetworkAclRule[];
  readonly egress: readonly NetworkAclRule[];
}

export const ANYWHERE = '0.0.0.0/0';

/** The RDP port, left out of the ephemeral range admitted from the internet. */
const RDP = 3389;

function all(ruleNo: number, cidrBlock: string): NetworkAclRule {
  return { ruleNo, protocol: '-1', action: 'allow', cidrBlock, fromPort: 0, toPort: 0 };
}

function tcp(ruleNo: number, cidrBlock: string, fromPort: number, toPort: number): NetworkAclRule {
  return { ruleNo, protocol: '6', action: 'allow', cidrBlock, fromPort, toPort };
}

/** Replies to connections the tier opened, from anywhere, RDP excepted. */
function ephemeralReplies(firstRuleNo: number): NetworkAclRule[] {
  return [tcp(firstRuleNo, ANYWHERE, 1024, RDP - 1), tcp(firstRuleNo + 10, ANYWHERE, RDP + 1, 65535)];
}

/**
 * The rules of a tier's ACL.
 * - public: its own VPC; HTTP and HTTPS from anywhere (load balancers); replies; out anywhere.
 * - private: its own VPC and the private ranges the hub routes (`hubRanges`, for the segments it
 *   reaches); replies (NAT, gateway endpoints); out anywhere.
 * - isolated: its own VPC; replies from the gateway endpoints; out to its VPC and HTTPS only
 *   (its route table has no route but the VPC's and the gateway endpoints').
 */
export function tierAclRules(tier: SubnetTier, vpcCidr: string, hubRanges: readonly string[]): TierAclRules {
  switch (tier) {
    case 'public':
      return {
        ingress: [all(100, vpcCidr), tcp(200, ANYWHERE, 443, 443), tcp(210, ANYWHERE, 80, 80), ...ephemeralReplies(300)],
        egress: [all(100, ANYWHERE)],
      };
    case 'private':
      return {
        ingress: [all(100, vpcCidr), ...hubRanges.map((cidr, i) => all(110 + 10 * i, cidr)), ...ephemeralReplies(300)],
        egress: [all(100, ANYWHERE)],
      };
    case 'isolated':
      return {
        ingress: [all(100, vpcCidr), ...ephemeralReplies(300)],
        egress: [all(100, vpcCidr), tcp(200, ANYWHERE, 443, 443)],
      };
  }
}
