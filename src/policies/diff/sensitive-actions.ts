/**
 * The requests the effective-access section of `lz policy diff` asks about: sensitive actions in
 * IAM, KMS, Organizations, CloudTrail, Config, S3 data and EC2 networking, on a stand-in resource
 * of each account (and on every key, bucket and role the model records).
 */
import { accountNamed, type ModelAccount, type PolicyModel } from '../model';
import type { AccessRequest } from '../evaluate/access';
import { flowLogGroupName } from '../../contract/names';

export interface SensitiveAction {
  readonly action: string;
  /** The resource, with `{account}` and `{region}` filled per request; `*` for actions that take none. */
  readonly resource: string;
  /** Global services are called in us-east-1 whatever the caller's region. */
  readonly global?: boolean;
}

/** Actions on stand-in resources of each account. */
export const ACCOUNT_ACTIONS: readonly SensitiveAction[] = [
  { action: 'iam:CreateRole', resource: 'arn:aws:iam::{account}:role/example', global: true },
  { action: 'iam:AttachRolePolicy', resource: 'arn:aws:iam::{account}:role/example', global: true },
  { action: 'iam:PutRolePolicy', resource: 'arn:aws:iam::{account}:role/example', global: true },
  { action: 'iam:DeleteRolePermissionsBoundary', resource: 'arn:aws:iam::{account}:role/example', global: true },
  { action: 'iam:PassRole', resource: 'arn:aws:iam::{account}:role/example', global: true },
  { action: 'iam:CreateUser', resource: 'arn:aws:iam::{account}:user/example', global: true },
  { action: 'iam:CreateAccessKey', resource: 'arn:aws:iam::{account}:user/example', global: true },
  { action: 'organizations:LeaveOrganization', resource: '*', global: true },
  { action: 'kms:CreateKey', resource: '*' },
  { action: 'kms:ScheduleKeyDeletion', resource: 'arn:aws:kms:{region}:{account}:key/example' },
  { action: 'kms:PutKeyPolicy', resource: 'arn:aws:kms:{region}:{account}:key/example' },
  { action: 'cloudtrail:StopLogging', resource: 'arn:aws:cloudtrail:{region}:{account}:trail/organization' },
  { action: 'cloudtrail:DeleteTrail', resource: 'arn:aws:cloudtrail:{region}:{account}:trail/organization' },
  { action: 'config:StopConfigurationRecorder', resource: '*' },
  { action: 'config:DeleteConfigurationRecorder', resource: '*' },
  { action: 'config:DeleteDeliveryChannel', resource: '*' },
  { action: 'guardduty:DeleteDetector', resource: 'arn:aws:guardduty:{region}:{account}:detector/example' },
  { action: 'ec2:DeleteFlowLogs', resource: 'arn:aws:ec2:{region}:{account}:vpc-flow-log/fl-example' },
  { action: 'logs:DeleteLogGroup', resource: 'arn:aws:logs:{region}:{account}:log-group:{flowLogGroup}' },
  { action: 'ec2:CreateVpc', resource: 'arn:aws:ec2:{region}:{account}:vpc/*' },
  { action: 'ec2:AttachInternetGateway', resource: 'arn:aws:ec2:{region}:{account}:internet-gateway/igw-example' },
  { action: 'ec2:AuthorizeSecurityGroupIngress', resource: 'arn:aws:ec2:{region}:{account}:security-group/sg-example' },
  { action: 'ec2:CreateRoute', resource: 'arn:aws:ec2:{region}:{account}:route-table/rtb-example' },
  { action: 'ec2:RunInstances', resource: 'arn:aws:ec2:{region}:{account}:instance/*' },
  { action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::example-{account}' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::example-{account}/data' },
];

/** Actions on each key, bucket and role the model records. */
export const KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'];
export const BUCKET_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:PutBucketPolicy'];
export const ROLE_ACTIONS = ['sts:AssumeRole'];

/** The first region of this list that is not allowed: where the region guardrail is probed. */
const PROBE_REGIONS = ['us-east-1', 'us-west-2', 'ap-southeast-2', 'sa-east-1'];

export function probeRegion(model: PolicyModel): string {
  return PROBE_REGIONS.find((r) => !model.lz.organization.allowedRegions.includes(r)) ?? 'me-south-1';
}

/** Regions a regional action is asked in: each allowed region, and one that is not allowed. */
export function requestRegions(model: PolicyModel): string[] {
  return [...model.lz.organization.allowedRegions, probeRegion(model)];
}

export interface LabelledRequest extends AccessRequest {
  /** How the resource reads in a report: `trail/organization in payments-prod`, `key:payments-prod/data`. */
  readonly resourceLabel: string;
  /** A stand-in resource of an account: asked only of that account's principals (it has no resource policy). */
  readonly standIn?: boolean;
}

function fill(template: string, account: ModelAccount, region: string): string {
  return template.replace(/\{account\}/g, account.id).replace(/\{region\}/g, region).replace(/\{flowLogGroup\}/g, flowLogGroupName(account.name));
}

/** Every request asked of every principal. */
export function sensitiveRequests(model: PolicyModel): LabelledRequest[] {
  const out: LabelledRequest[] = [];
  const regions = requestRegions(model);
  for (const account of model.accounts) {
    for (const a of ACCOUNT_ACTIONS) {
      for (const region of a.global ? ['us-east-1'] : regions) {
        const resource = fill(a.resource, account, region);
        const short = resource === '*' ? '*' : resource.split(':').slice(5).join(':').replace(`example-${account.id}`, 'example').replace(flowLogGroupName(account.name), flowLogGroupName('<account>'));
        out.push({ action: a.action, resource, resourceAccount: account.id, region, resourceLabel: `${short} in ${account.name}`, standIn: true });
      }
    }
  }
  for (const r of model.resources) {
    const owner = accountNamed(model, r.account);
    if (!owner) continue;
    const actions = r.kind === 'key' ? KEY_ACTIONS : BUCKET_ACTIONS;
    const region = r.kind === 'key' ? r.arn.split(':')[3] : model.lz.organization.homeRegion;
    const label = r.kind === 'key' ? `${r.target} (${region})` : r.target;
    for (const action of actions) {
      const resource = r.kind === 'bucket' && action.endsWith('Object') ? `${r.arn}/data` : r.arn;
      out.push({ action, resource, resourceAccount: owner.id, region, resourceLabel: label });
    }
  }
  for (const role of model.roles) {
    const owner = accountNamed(model, role.account);
    if (!owner || !role.trustPolicy) continue;
    for (const action of ROLE_ACTIONS) {
      out.push({ action, resource: role.arn, resourceAccount: owner.id, region: model.lz.organization.homeRegion, resourceLabel: `role:${role.key}` });
    }
  }
  return out;
}
