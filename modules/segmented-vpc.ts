/**
 * A product VPC: public, private and isolated subnet tiers across a number of Availability Zones,
 * NAT as one choice, flow logs to a KMS-encrypted log group, the default security group and the
 * default network ACL stripped of every rule, a network ACL per tier (src/net/network-acl-rules.ts),
 * and S3 and DynamoDB gateway endpoints so that data traffic to them stays off NAT.
 *
 * Subnets are named `<tier>-az<n>` (n from 1), route tables `<tier>` or `<tier>-az<n>`; the same
 * pattern names the Terraform addresses, so adding an AZ adds resources without renaming others.
 */
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultNetworkAcl } from '@cdktf/provider-aws/lib/default-network-acl';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { NetworkAcl } from '@cdktf/provider-aws/lib/network-acl';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import type { NatMode } from '../src/config/schema';
import { tierAclRules, type NetworkAclRule } from '../src/net/network-acl-rules';
import { carveSubnets, SUBNET_TIERS, type SubnetTier, type TierPrefixes } from '../src/net/subnets';
import { flowLogGroupName } from '../src/contract/names';

/** Days flow logs are kept in CloudWatch Logs. */
export const FLOW_LOG_RETENTION_DAYS = 365;

/** Gateway endpoints every VPC gets: free, and they keep S3 and DynamoDB traffic off NAT and the internet. */
export const GATEWAY_ENDPOINT_SERVICES: readonly string[] = ['dynamodb', 's3'];

export interface SegmentedVpcProps {
  /** Names the VPC and its resources, e.g. the account name. */
  readonly name: string;
  readonly region: string;
  readonly cidr: string;
  /** How many AZs every tier spans, 1 to 6. */
  readonly availabilityZones: number;
  /** Prefix length of one subnet, per tier. */
  readonly subnetPrefix: TierPrefixes;
  /**
   * NAT gateways for the private tier: none (no internet egress), single (one, in the first AZ;
   * cheaper, but egress stops if that AZ fails) or per-az.
   */
  readonly nat: NatMode;
  /** The KMS key of the flow log group (the account's logs key in this region). */
  readonly logsKeyArn: string;
  /** The role flow logs deliver with (policies/roles/flow-logs-*.json). */
  readonly flowLogRoleArn: string;
  /**
   * Private ranges the hub routes to the private tier, which its network ACL admits.
   * @default - none: a VPC outside the hub admits only its own range
   */
  readonly hubRanges?: readonly string[];
  /** Tags of every resource, besides Name. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

function aclEntries(rules: readonly NetworkAclRule[]) {
  return rules.map((r) => ({ ruleNo: r.ruleNo, protocol: r.protocol, action: r.action, cidrBlock: r.cidrBlock, fromPort: r.fromPort, toPort: r.toPort }));
}

export class SegmentedVpc extends Construct {
  readonly vpc: Vpc;
  readonly subnets: Readonly<Record<SubnetTier, Subnet[]>>;
  /** Route tables per tier: one for public and isolated, one per AZ for private (each AZ may have its own NAT). */
  readonly routeTables: Readonly<Record<SubnetTier, RouteTable[]>>;
  readonly natGateways: readonly NatGateway[];
  /** The network ACL of each tier, holding every subnet of the tier. */
  readonly networkAcls: Readonly<Record<SubnetTier, NetworkAcl>>;
  readonly flowLogGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: SegmentedVpcProps) {
    super(scope, id);
    const carved = carveSubnets(props.cidr, props.availabilityZones, props.subnetPrefix);
    if (!carved.ok) {
      throw new Error(`subnet tier ${carved.tier} does not fit in ${props.cidr}; the tiers need a /${carved.neededPrefix} (lz validate reports this with the config position)`);
    }
    const { region } = props;
    const tags = (name: string, extra: Record<string, string> = {}) => ({ ...props.tags, Name: name, ...extra });
    const azIndexes = [...Array(props.availabilityZones).keys()];
    const az = (i: number) => `az${i + 1}`;

    this.vpc = new Vpc(this, 'vpc', {
      region,
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: tags(props.name),
    });
    // A default security group that allows nothing: resources must name the group they need.
    new DefaultSecurityGroup(this, 'default-security-group', {
      region,
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: tags(`${props.name}-default-closed`),
    });

    const zones = new DataAwsAvailabilityZones(this, 'zones', {
      region,
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    const subnets: Record<SubnetTier, Subnet[]> = { public: [], private: [], isolated: [] };
    for (const tier of SUBNET_TIERS) {
      for (const i of azIndexes) {
        subnets[tier].push(
          new Subnet(this, `subnet-${tier}-${az(i)}`, {
            region,
            vpcId: this.vpc.id,
            cidrBlock: carved.layout[tier][i],
            availabilityZone: Fn.element(zones.names, i),
            // Public addresses are opt-in per instance, even in the public tier.
            mapPublicIpOnLaunch: false,
            tags: tags(`${props.name}-${tier}-${az(i)}`, { tier }),
          }),
        );
      }
    }
    this.subnets = subnets;

    // The default ACL allows everything until it is managed: with no rules it denies all, and holds
    // no subnet because each tier has its own.
    new DefaultNetworkAcl(this, 'default-network-acl', {
      region,
      defaultNetworkAclId: this.vpc.defaultNetworkAclId,
      ingress: [],
      egress: [],
      tags: tags(`${props.name}-default-deny-all`),
    });
    const acls = {} as Record<SubnetTier, NetworkAcl>;
    for (const tier of SUBNET_TIERS) {
      const rules = tierAclRules(tier, props.cidr, props.hubRanges ?? []);
      acls[tier] = new NetworkAcl(this, `network-acl-${tier}`, {
        region,
        vpcId: this.vpc.id,
        subnetIds: subnets[tier].map((s) => s.id),
        ingress: aclEntries(rules.ingress),
        egress: aclEntries(rules.egress),
        tags: tags(`${props.name}-${tier}`, { tier }),
      });
    }
    this.networkAcls = acls;

    const igw = new InternetGateway(this, 'internet-gateway', { region, vpcId: this.vpc.id, tags: tags(props.name) });
    const publicTable = new RouteTable(this, 'route-table-public', { region, vpcId: this.vpc.id, tags: tags(`${props.name}-public`, { tier: 'public' }) });
    new Route(this, 'route-public-internet', { region, routeTableId: publicTable.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });

    const natAzs = props.nat === 'per-az' ? azIndexes : props.nat === 'single' ? [0] : [];
    this.natGateways = natAzs.map((i) => {
      const eip = new Eip(this, `nat-eip-${az(i)}`, { region, domain: 'vpc', tags: tags(`${props.name}-nat-${az(i)}`) });
      return new NatGateway(this, `nat-${az(i)}`, {
        region,
        allocationId: eip.allocationId,
        subnetId: subnets.public[i].id,
        tags: tags(`${props.name}-${az(i)}`),
        dependsOn: [igw],
      });
    });

    const privateTables = azIndexes.map((i) => {
      const table = new RouteTable(this, `route-table-private-${az(i)}`, { region, vpcId: this.vpc.id, tags: tags(`${props.name}-private-${az(i)}`, { tier: 'private' }) });
      const nat = props.nat === 'per-az' ? this.natGateways[i] : this.natGateways[0];
      if (nat) new Route(this, `route-private-${az(i)}-nat`, { region, routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      return table;
    });
    const isolatedTable = new RouteTable(this, 'route-table-isolated', { region, vpcId: this.vpc.id, tags: tags(`${props.name}-isolated`, { tier: 'isolated' }) });
    this.routeTables = { public: [publicTable], private: privateTables, isolated: [isolatedTable] };

    for (const i of azIndexes) {
      const tables: Record<SubnetTier, RouteTable> = { public: publicTable, private: privateTables[i], isolated: isolatedTable };
      for (const tier of SUBNET_TIERS) {
        new RouteTableAssociation(this, `route-table-association-${tier}-${az(i)}`, { region, subnetId: subnets[tier][i].id, routeTableId: tables[tier].id });
      }
    }

    const allTables = SUBNET_TIERS.flatMap((tier) => this.routeTables[tier].map((t) => t.id));
    for (const service of GATEWAY_ENDPOINT_SERVICES) {
      new VpcEndpoint(this, `endpoint-${service}`, {
        region,
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${region}.${service}`,
        vpcEndpointType: 'Gateway',
        routeTableIds: allTables,
        tags: tags(`${props.name}-${service}`),
      });
    }

    // Under /landing-zone/ so that the protect-landing-zone SCP guards the group.
    this.flowLogGroup = new CloudwatchLogGroup(this, 'flow-log-group', {
      region,
      name: flowLogGroupName(props.name),
      kmsKeyId: props.logsKeyArn,
      retentionInDays: FLOW_LOG_RETENTION_DAYS,
      tags: tags(`${props.name}-flow-logs`),
      lifecycle: { preventDestroy: true },
    });
    new FlowLog(this, 'flow-log', {
      region,
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.flowLogGroup.arn,
      iamRoleArn: props.flowLogRoleArn,
      maxAggregationInterval: 60,
      tags: tags(`${props.name}-flow-log`),
    });
  }
}
