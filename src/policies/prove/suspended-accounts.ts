/**
 * In the suspended OU nobody acts but the bootstrap role: not the landing-zone roles a suspended
 * account still has, not an administrator, not the root user. The bootstrap role is exempt so that
 * the account's baseline can take it off the network before it is closed (stacks/baseline.ts
 * `baselinePhase`); the claim asks that it can, and that it still cannot assume or pass itself.
 *
 * The OU itself is asked about through an account placed in it (an account about to be suspended
 * is bound the same way), and every account config suspends through its own id and roles, so the
 * proof holds for the organization as it is and for the next suspension.
 */
import type { AccessRequest, ModelPrincipal } from '../evaluate/access';
import type { ModelAccount, PolicyModel } from '../model';
import { check, type Probe } from './check';
import { callerAs, memberPrincipals, otherAdministrator } from './member-probes';
import type { Proof } from './proof';

/** The id of the account that stands for any account placed in the suspended OU: no real account has it. */
export const ANY_SUSPENDED_ACCOUNT_ID = '000000000000';

/**
 * What a principal left in a suspended account could do: run and reach workloads, read or change
 * data and keys, rejoin the network, create credentials, reach other accounts, cover tracks.
 */
export const SUSPENDED_ACTIONS: readonly { action: string; resource: string; global?: boolean }[] = [
  { action: 'ec2:RunInstances', resource: 'arn:aws:ec2:{region}:{account}:instance/*' },
  { action: 'ec2:CreateTransitGatewayVpcAttachment', resource: 'arn:aws:ec2:{region}:{account}:vpc/vpc-example' },
  { action: 'ec2:CreateRoute', resource: 'arn:aws:ec2:{region}:{account}:route-table/rtb-example' },
  { action: 'ec2:CreateVpcPeeringConnection', resource: 'arn:aws:ec2:{region}:{account}:vpc/vpc-example' },
  { action: 'ec2:AuthorizeSecurityGroupIngress', resource: 'arn:aws:ec2:{region}:{account}:security-group/sg-example' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::example-{account}/data' },
  { action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::example-{account}' },
  { action: 'kms:Decrypt', resource: 'arn:aws:kms:{region}:{account}:key/example' },
  { action: 'ssm:GetParameter', resource: 'arn:aws:ssm:{region}:{account}:parameter/landing-zone/example' },
  { action: 'lambda:CreateFunction', resource: 'arn:aws:lambda:{region}:{account}:function:example' },
  { action: 'logs:DeleteLogGroup', resource: 'arn:aws:logs:{region}:{account}:log-group:example' },
  { action: 'iam:CreateUser', resource: 'arn:aws:iam::{account}:user/example', global: true },
  { action: 'iam:CreateAccessKey', resource: 'arn:aws:iam::{account}:user/example', global: true },
  { action: 'iam:UpdateAssumeRolePolicy', resource: 'arn:aws:iam::{account}:role/example', global: true },
  { action: 'sts:AssumeRole', resource: 'arn:aws:iam::{account}:role/example', global: true },
  { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:{region}:{account}:table/example' },
  { action: 'rds:CreateDBInstance', resource: 'arn:aws:rds:{region}:{account}:db:example' },
  { action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:{region}:{account}:secret:example' },
  { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:{region}:{account}:example' },
  { action: 'sns:Publish', resource: 'arn:aws:sns:{region}:{account}:example' },
  { action: 'ecs:RunTask', resource: 'arn:aws:ecs:{region}:{account}:task-definition/example:1' },
  { action: 'cloudformation:CreateStack', resource: 'arn:aws:cloudformation:{region}:{account}:stack/example/*' },
  { action: 'organizations:LeaveOrganization', resource: '*', global: true },
];

/** What the baseline's apply needs to take the account off the hub: read its state, delete the attachment and routes. */
export const LEAVE_ACTIONS: readonly { action: string; resource: string }[] = [
  { action: 'ec2:DescribeTransitGatewayVpcAttachments', resource: '*' },
  { action: 'ec2:DeleteTransitGatewayVpcAttachment', resource: 'arn:aws:ec2:{region}:{account}:transit-gateway-attachment/tgw-attach-example' },
  { action: 'ec2:DeleteRoute', resource: 'arn:aws:ec2:{region}:{account}:route-table/rtb-example' },
];

/** The accounts the claim is about: each one config suspends, and one standing for any account placed in the OU. */
function suspendedAccounts(model: PolicyModel): ModelAccount[] {
  const ou = model.lz.suspendedOu;
  const real = model.accounts.filter((a) => a.kind !== 'management' && a.ou === ou);
  const stand: ModelAccount = { name: `any account in ${ou}`, id: ANY_SUSPENDED_ACCOUNT_ID, pending: false, kind: 'product', ou };
  return [...real, stand];
}

export const suspendedAccountsOnlyBootstrap: Proof = {
  id: 'suspended-accounts-only-bootstrap',
  claim: 'in the suspended OU nobody can act but the bootstrap role, which can take the account off the network and still cannot assume or pass itself',
  run: (model: PolicyModel) => {
    const bootstrap = model.lz.roles.bootstrap;
    const probes: Probe[] = [];
    for (const account of suspendedAccounts(model)) {
      const spec = model.lz.accounts.find((a) => a.name === account.name);
      const region = spec?.regions[0] ?? model.lz.organization.homeRegion;
      const at = (resource: string, global?: boolean) => resource.replace(/\{account\}/g, account.id).replace(/\{region\}/g, global ? 'us-east-1' : region);
      const request = (a: { action: string; resource: string; global?: boolean }, context?: AccessRequest['context']): AccessRequest => ({
        action: a.action,
        resource: at(a.resource, a.global),
        resourceAccount: account.id,
        region: a.global ? 'us-east-1' : region,
        ...(context ? { context } : {}),
      });
      const principals: { principal: ModelPrincipal; context?: AccessRequest['context'] }[] = [
        ...memberPrincipals(model, [bootstrap])
          .filter((p) => p.account.name === account.name && !p.key.startsWith('any:'))
          .map((principal) => ({ principal })),
        { principal: otherAdministrator(account) },
        { principal: callerAs(account, `arn:aws:iam::${account.id}:root`, `the root user of ${account.name}`), context: { 'aws:PrincipalType': 'Account' } },
      ];
      for (const { principal, context } of principals) for (const a of SUSPENDED_ACTIONS) probes.push({ principal, request: request(a, context) });

      const role = callerAs(account, `arn:aws:iam::${account.id}:role/${bootstrap}`, `${bootstrap} in ${account.name}`);
      for (const a of LEAVE_ACTIONS) probes.push({ principal: role, request: request(a), expect: 'Allow' });
      for (const action of ['sts:AssumeRole', 'iam:PassRole']) {
        probes.push({ principal: role, request: request({ action, resource: `arn:aws:iam::{account}:role/${bootstrap}`, global: true }) });
      }
    }
    return check(model, suspendedAccountsOnlyBootstrap.id, suspendedAccountsOnlyBootstrap.claim, probes);
  },
};
