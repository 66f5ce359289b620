/**
 * The deploy role (and every role it creates, which carries the same boundary) keeps its account
 * in its segment: it cannot add subnets, route tables, routes, gateways or Transit Gateway
 * attachments to the baseline VPC, change its routing or network ACLs, open its default security
 * group, or create or accept a VPC peering anywhere. Baseline resources are told apart by the
 * default tag every stack puts on what it manages (TAG_STACK = `baseline-<account>`).
 *
 * Each claim is also asked what the deploy role must still be able to do in the baseline VPC
 * (create and open its own security groups), so a boundary that denies all of EC2 fails too.
 */
import type { AccessRequest, ModelPrincipal } from '../evaluate/access';
import { baselineStackName, TAG_STACK } from '../../contract/names';
import type { PolicyModel } from '../model';
import { check, type Probe } from './check';
import { isRole, memberPrincipals } from './member-probes';
import type { Proof } from './proof';

/** Actions on the baseline VPC's resources, by resource type, that would route around the segment. */
export const BASELINE_NETWORK_CHANGES: Readonly<Record<string, readonly string[]>> = {
  'vpc/vpc-baseline': [
    'ec2:AssociateVpcCidrBlock',
    'ec2:AttachInternetGateway',
    'ec2:AttachVpnGateway',
    'ec2:CreateNetworkAcl',
    'ec2:CreateRouteTable',
    'ec2:CreateSubnet',
    'ec2:CreateTransitGatewayVpcAttachment',
    'ec2:CreateVpcPeeringConnection',
    'ec2:ModifyVpcAttribute',
  ],
  'route-table/rtb-baseline': ['ec2:AssociateRouteTable', 'ec2:CreateRoute', 'ec2:DeleteRoute', 'ec2:ReplaceRoute', 'ec2:ReplaceRouteTableAssociation'],
  'subnet/subnet-baseline': ['ec2:AssociateRouteTable', 'ec2:ModifySubnetAttribute', 'ec2:ReplaceNetworkAclAssociation'],
  'network-acl/acl-baseline': ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAclEntry', 'ec2:ReplaceNetworkAclEntry', 'ec2:ReplaceNetworkAclAssociation'],
  'security-group/sg-baseline-default': ['ec2:AuthorizeSecurityGroupEgress', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:ModifySecurityGroupRules'],
};

/** Peering on resources of the product's own (a VPC it created, a peering request sent to it). */
const PEERING: readonly { action: string; resource: string }[] = [
  { action: 'ec2:CreateVpcPeeringConnection', resource: 'vpc/vpc-product' },
  { action: 'ec2:AcceptVpcPeeringConnection', resource: 'vpc-peering-connection/pcx-product' },
];

/** What products still do in the baseline VPC. */
const STILL_ALLOWED: readonly { action: string; resource: string; tag: 'baseline' | 'product' }[] = [
  { action: 'ec2:CreateSecurityGroup', resource: 'vpc/vpc-baseline', tag: 'baseline' },
  { action: 'ec2:AuthorizeSecurityGroupIngress', resource: 'security-group/sg-product', tag: 'product' },
  { action: 'ec2:RunInstances', resource: 'subnet/subnet-baseline', tag: 'baseline' },
];

export const deployRoleStaysInItsSegment: Proof = {
  id: 'deploy-role-stays-in-its-segment',
  claim:
    "a deploy role cannot add subnets, route tables, routes, gateways or attachments to its account's baseline VPC, edit its network ACLs, open its default security group, or create or accept a VPC peering",
  run: (model: PolicyModel) => {
    const probes: Probe[] = [];
    const withVpc = new Set(model.lz.accounts.filter((a) => a.vpc && a.segment && a.state === 'active').map((a) => a.name));
    const deployRoles = memberPrincipals(model).filter((p) => isRole(p, model.lz.roles.deploy) && withVpc.has(p.account.name));
    for (const principal of deployRoles) {
      const spec = model.lz.accounts.find((a) => a.name === principal.account.name)!;
      const region = spec.regions[0];
      const ask = (resource: string, action: string, tag?: string): AccessRequest => ({
        action,
        resource: `arn:aws:ec2:${region}:${principal.account.id}:${resource}`,
        resourceAccount: principal.account.id,
        region,
        ...(tag ? { context: { [`aws:ResourceTag/${TAG_STACK}`]: tag } } : {}),
      });
      const baseline = baselineStackName(principal.account.name);
      const push = (p: ModelPrincipal, request: AccessRequest, expect?: 'Allow') => probes.push({ principal: p, request, ...(expect ? { expect } : {}) });
      for (const [resource, actions] of Object.entries(BASELINE_NETWORK_CHANGES)) for (const action of actions) push(principal, ask(resource, action, baseline));
      for (const p of PEERING) push(principal, ask(p.resource, p.action));
      for (const a of STILL_ALLOWED) push(principal, ask(a.resource, a.action, a.tag === 'baseline' ? baseline : `product-${spec.product ?? spec.name}`), 'Allow');
    }
    return check(model, deployRoleStaysInItsSegment.id, deployRoleStaysInItsSegment.claim, probes);
  },
};
