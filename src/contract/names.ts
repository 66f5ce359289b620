/**
 * Names one stage fixes and later stages rely on, derived from config alone so that no stack needs
 * another stack's outputs: the log archive bucket, key aliases, tags the network account's
 * resources carry for lookups. Changing one of these renames real resources.
 */
import type { LandingZone } from '../config/model';

/** Every landing-zone KMS alias starts with this; the product boundary protects keys carrying it. */
export const KEY_ALIAS_PREFIX = 'alias/landing-zone/';

export function keyAlias(purpose: string): string {
  return `${KEY_ALIAS_PREFIX}${purpose}`;
}

/**
 * The stand-in ARN the policy model uses for a key, whose real id exists only after apply:
 * `arn:aws:kms:<region>:<account-id>:key/landing-zone/<purpose>`.
 */
export function keyStandInArn(region: string, accountId: string, purpose: string): string {
  return `arn:aws:kms:${region}:${accountId}:key/${keyAlias(purpose).slice('alias/'.length)}`;
}

/**
 * The AWS Config bucket in the log archive account (it held CloudTrail logs too before the trail
 * moved to its own Object Lock bucket; the name is kept so that nothing is replaced).
 */
export function logArchiveBucketName(lz: LandingZone, logArchiveAccountId: string): string {
  return `${lz.organization.name}-log-archive-${logArchiveAccountId}`;
}

/** The organization trail's bucket, with S3 Object Lock, in the log archive account. */
export function cloudTrailBucketName(lz: LandingZone, logArchiveAccountId: string): string {
  return `${lz.organization.name}-cloudtrail-${logArchiveAccountId}`;
}

/** The bucket that receives the server access logs of an account's landing-zone buckets. */
export function accessLogBucketName(lz: LandingZone, accountId: string): string {
  return `${lz.organization.name}-access-logs-${accountId}`;
}

/** The KMS key purpose (alias `alias/landing-zone/log-archive`) of the log archive's key. */
export const LOG_ARCHIVE_KEY_PURPOSE = 'log-archive';

/** The organization trail, created in the management account. */
export const ORGANIZATION_TRAIL_NAME = 'landing-zone-organization-trail';

export function organizationTrailArn(lz: LandingZone, managementAccountId: string): string {
  return `arn:aws:cloudtrail:${lz.organization.homeRegion}:${managementAccountId}:trail/${ORGANIZATION_TRAIL_NAME}`;
}

/** Tag keys on network-account resources that baseline stacks look up (owner-side tags are visible to the owner only). */
export const TAG_TRANSIT_GATEWAY = 'landing-zone-transit-gateway';
export const TAG_SEGMENT = 'landing-zone-segment';

/**
 * Resources carrying this tag, valued with an environment template's name, stop and start on that
 * template's schedule (modules/environment-schedule.ts).
 */
export const TAG_SCHEDULE = 'landing-zone-schedule';

/** Where the schedule keeps an Auto Scaling group's capacity while it is stopped: `min,desired`. */
export const TAG_SCHEDULE_CAPACITY = 'landing-zone-schedule-capacity';

/** The permissions boundary every role the deploy role creates must carry. */
export const PRODUCT_BOUNDARY_PATH = '/landing-zone/';
export const PRODUCT_BOUNDARY_NAME = 'product-boundary';

export function productBoundaryArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:policy${PRODUCT_BOUNDARY_PATH}${PRODUCT_BOUNDARY_NAME}`;
}

/** Roles the deploy role creates live under this path; its policy allows no other. */
export const PRODUCT_ROLE_PATH = '/product/';

/**
 * The role that applies the landing zone's stacks in an account, and so the only principal that
 * may change the protection of its logs: in member accounts the bootstrap role the security stack
 * assumes, in the management account the pipeline role.
 */
export function applyRoleArn(lz: LandingZone, accountId: string, management: boolean): string {
  return `arn:aws:iam::${accountId}:role/${management ? lz.roles.pipeline : lz.roles.bootstrap}`;
}

/**
 * The default tag every landing-zone resource carries, naming the stack that manages it. The product
 * boundary keeps the deploy role off every resource whose value starts with BASELINE_STACK_PREFIX.
 */
export const TAG_STACK = 'landing-zone-stack';

export const BASELINE_STACK_PREFIX = 'baseline-';

/** The stack that holds an account's baseline, e.g. `baseline-payments-prod`. */
export function baselineStackName(accountName: string): string {
  return `${BASELINE_STACK_PREFIX}${accountName}`;
}

/** Where a stack keeps its Terraform state in the state bucket (`lz account close` reads a baseline's). */
export function stateObjectKey(stackName: string): string {
  return `${stackName}/terraform.tfstate`;
}

/**
 * The CloudWatch log group a VPC's flow logs go to (modules/segmented-vpc.ts creates it; the
 * flow-logs proof and the policy diff ask about it by this name). Under /landing-zone/, where the
 * SCPs protect log groups.
 */
export function flowLogGroupName(vpcName: string): string {
  return `/landing-zone/flow-logs/${vpcName}`;
}
