/**
 * A security group for resources placed in one subnet tier of the account's VPC. It starts with no
 * rules at all (Terraform removes AWS's default allow-all egress); every rule comes from a method
 * that names its peer and port, so a reviewer reads who may reach what.
 */
import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { LzError } from '../../src/errors';
import { SUBNET_TIERS, type SubnetTier } from '../../src/net/subnets';
import { productContextOf, where, type ProductContext } from './context';

/** A port or range of one protocol: `Port.tcp(443)`, `Port.tcpRange(8000, 8080)`, `Port.udp(53)`. */
export class Port {
  static tcp(port: number): Port {
    return new Port('tcp', port, port);
  }

  static tcpRange(from: number, to: number): Port {
    return new Port('tcp', from, to);
  }

  static udp(port: number): Port {
    return new Port('udp', port, port);
  }

  private constructor(
    readonly protocol: 'tcp' | 'udp',
    readonly from: number,
    readonly to: number,
  ) {
    for (const p of [from, to]) {
      if (!Number.isInteger(p) || p < 1 || p > 65535) {
        throw LzError.of('Port', `port ${p} is not allowed`, 'use a whole number from 1 to 65535');
      }
    }
    if (from > to) throw LzError.of('Port', `the range ${from}-${to} ends before it starts`, `write it as Port.${protocol}Range(${to}, ${from})`);
  }

  /** `tcp-443`, `tcp-8000-8080`: part of rule ids. */
  get label(): string {
    return this.from === this.to ? `${this.protocol}-${this.from}` : `${this.protocol}-${this.from}-${this.to}`;
  }
}

export interface TierSecurityGroupProps {
  /** The subnet tier the group's resources are placed in; `subnetIds` gives that tier's subnets. */
  readonly tier: SubnetTier;
  /** What the group is for; AWS cannot change it later without replacing the group. */
  readonly description: string;
  /** @default - `<account name>-<construct id>` */
  readonly groupName?: string;
}

export class TierSecurityGroup extends Construct {
  readonly group: SecurityGroup;
  readonly tier: SubnetTier;
  /** The subnets of the tier, from the baseline contract: where to place the group's resources. */
  readonly subnetIds: string[];
  private readonly context: ProductContext;

  constructor(scope: Construct, id: string, props: TierSecurityGroupProps) {
    super(scope, id);
    const here = where(this);
    this.context = productContextOf(this);
    const { baseline, accountName, awsProvider } = this.context;
    if (!SUBNET_TIERS.includes(props.tier)) throw LzError.of(here, `tier "${props.tier}" does not exist`, `use one of ${SUBNET_TIERS.join(', ')}`);
    if (!baseline.vpc) throw LzError.of(here, `account ${accountName} has no VPC`, 'give the environment a vpc in its product file, or use no security group');
    if (!props.description.trim() || props.description.length > 255) {
      throw LzError.of(here, 'description must be 1 to 255 characters', 'say what the group is for, e.g. "the orders API tasks"');
    }
    this.tier = props.tier;
    this.subnetIds = baseline.vpc.subnets[props.tier];
    this.group = new SecurityGroup(this, 'Default', {
      provider: awsProvider,
      name: props.groupName ?? `${accountName}-${id}`,
      description: props.description,
      vpcId: baseline.vpc.id,
      revokeRulesOnDelete: true,
      tags: { Name: props.groupName ?? `${accountName}-${id}`, 'landing-zone-tier': props.tier },
    });
  }

  /** Lets `peer` reach this group's resources on `port` (an egress rule on the peer, an ingress rule here). */
  allowFrom(peer: TierSecurityGroup, port: Port): void {
    new VpcSecurityGroupIngressRule(this, `from-${peer.node.id}-${port.label}`, {
      provider: this.context.awsProvider,
      securityGroupId: this.group.id,
      referencedSecurityGroupId: peer.group.id,
      ipProtocol: port.protocol,
      fromPort: port.from,
      toPort: port.to,
      description: `from ${peer.node.id}`,
    });
    new VpcSecurityGroupEgressRule(peer, `to-${this.node.id}-${port.label}`, {
      provider: this.context.awsProvider,
      securityGroupId: peer.group.id,
      referencedSecurityGroupId: this.group.id,
      ipProtocol: port.protocol,
      fromPort: port.from,
      toPort: port.to,
      description: `to ${this.node.id}`,
    });
  }

  /** Lets anything in the subnets of `tier` reach this group's resources on `port` (e.g. a load balancer in the public tier). */
  allowFromTier(tier: SubnetTier, port: Port): void {
    const cidrs = this.context.subnetCidrs?.[tier];
    if (!cidrs) throw LzError.of(where(this), `tier "${tier}" has no subnets in account ${this.context.accountName}`, `use one of ${SUBNET_TIERS.join(', ')}`);
    cidrs.forEach((cidr, az) => {
      new VpcSecurityGroupIngressRule(this, `from-${tier}-${az}-${port.label}`, {
        provider: this.context.awsProvider,
        securityGroupId: this.group.id,
        cidrIpv4: cidr,
        ipProtocol: port.protocol,
        fromPort: port.from,
        toPort: port.to,
        description: `from the ${tier} tier, AZ ${az + 1}`,
      });
    });
  }

  /** HTTPS out to the internet (through NAT from the private tier). The isolated tier has no route out, so it is refused. */
  allowHttpsToInternet(): void {
    if (this.tier === 'isolated') {
      throw LzError.of(where(this), 'the isolated tier has no route to the internet', 'place the resources in the private tier, or reach AWS services through VPC endpoints');
    }
    new VpcSecurityGroupEgressRule(this, 'to-internet-tcp-443', {
      provider: this.context.awsProvider,
      securityGroupId: this.group.id,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'HTTPS to the internet',
    });
  }
}
