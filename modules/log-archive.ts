/**
 * The log archive account's buckets. The organization trail writes to a bucket with S3 Object
 * Lock (every log version is retained for the configured days, in compliance mode by default);
 * AWS Config writes to its own bucket; both send server access logs to an access-log bucket. All
 * three are versioned, private, TLS only, never destroyed by a plan, and their bucket policies
 * deny deleting logs to everyone and changing the bucket's protection (policy, lifecycle,
 * versioning, Object Lock, encryption, logging, replication) to everyone but the role that applies
 * the landing zone. Logs move to cheaper storage as they age and are never expired by the landing
 * zone; old versions are kept a year.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import type { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import type { Json } from '../src/policies/document';
import { protectedBucket, tlsOnlyStatements, type ObjectLockRetention, type ProtectedBucket } from './protected-bucket';

/** Ages at which log objects move to cheaper storage classes. */
export const LOG_TRANSITIONS: readonly { readonly days: number; readonly storageClass: string }[] = [
  { days: 90, storageClass: 'STANDARD_IA' },
  { days: 365, storageClass: 'GLACIER' },
];
export const NONCURRENT_VERSION_DAYS = 365;

/** What could remove a log bucket's protection: nobody but the apply role may call these on it. */
export const BUCKET_PROTECTION_ACTIONS: readonly string[] = [
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutBucketLogging',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutReplicationConfiguration',
];

/** What would purge a log: denied to everyone, the apply role included. */
export const LOG_DELETION_ACTIONS: readonly string[] = ['s3:BypassGovernanceRetention', 's3:DeleteObject', 's3:DeleteObjectVersion'];

/** The statements every log bucket's policy starts with: TLS only, no deletion, no change of protection. */
export function logBucketProtection(bucketName: string, applyRoleArn: string): Json[] {
  const bucket = `arn:aws:s3:::${bucketName}`;
  return [
    ...tlsOnlyStatements(bucket),
    { Sid: 'DenyLogDeletion', Effect: 'Deny', Principal: '*', Action: [...LOG_DELETION_ACTIONS], Resource: `${bucket}/*` },
    {
      Sid: 'DenyProtectionChanges',
      Effect: 'Deny',
      Principal: '*',
      Action: [...BUCKET_PROTECTION_ACTIONS],
      Resource: bucket,
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': applyRoleArn } },
    },
  ];
}

export interface LogArchiveProps {
  readonly accountName: string;
  readonly accountId: string;
  /** AWS Config's bucket (the original log archive bucket). */
  readonly configBucketName: string;
  /** The organization trail's bucket, with Object Lock. */
  readonly trailBucketName: string;
  /** Where both send their server access logs. */
  readonly accessLogBucketName: string;
  /** The organization trail's ARN: the only trail that may write. */
  readonly trailArn: string;
  readonly managementAccountId: string;
  readonly organizationId: string;
  /** The dedicated key of the trail and Config buckets. */
  readonly keyArn: string;
  /** The only principal that may change the buckets' protection. */
  readonly applyRoleArn: string;
  /** Object Lock default retention of the trail's logs. */
  readonly retention: ObjectLockRetention;
  readonly provider?: TerraformProvider;
}

type Names = Pick<LogArchiveProps, 'configBucketName' | 'trailBucketName' | 'trailArn' | 'managementAccountId' | 'organizationId' | 'applyRoleArn'>;

/** The trail bucket's policy: protection, and writes by this organization's trail only. */
export function trailBucketPolicy(props: Names): Json {
  const bucket = `arn:aws:s3:::${props.trailBucketName}`;
  return {
    Version: '2012-10-17',
    Statement: [
      ...logBucketProtection(props.trailBucketName, props.applyRoleArn),
      {
        Sid: 'CloudTrailChecksAcl',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: bucket,
        Condition: { StringEquals: { 'aws:SourceArn': props.trailArn } },
      },
      {
        Sid: 'CloudTrailWritesOrganizationTrail',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: [`${bucket}/AWSLogs/${props.managementAccountId}/*`, `${bucket}/AWSLogs/${props.organizationId}/*`],
        Condition: { StringEquals: { 'aws:SourceArn': props.trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    ],
  };
}

/** The Config bucket's policy: protection, and writes by AWS Config for accounts of this organization only. */
export function configBucketPolicy(props: Names): Json {
  const bucket = `arn:aws:s3:::${props.configBucketName}`;
  return {
    Version: '2012-10-17',
    Statement: [
      ...logBucketProtection(props.configBucketName, props.applyRoleArn),
      {
        Sid: 'ConfigChecksBucket',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: bucket,
        Condition: { StringEquals: { 'aws:SourceOrgID': props.organizationId } },
      },
      {
        Sid: 'ConfigWritesForOrganizationAccounts',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucket}/AWSLogs/*/Config/*`,
        Condition: { StringEquals: { 'aws:SourceOrgID': props.organizationId, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    ],
  };
}

export interface AccessLogBucketProps {
  readonly bucketName: string;
  readonly accountName: string;
  readonly accountId: string;
  /** Buckets whose server access logs it receives (same account and region). */
  readonly sourceBucketNames: readonly string[];
  readonly applyRoleArn: string;
  /** Construct ids: `<address>` for the bucket, `<address>-<part>` for its parts. */
  readonly address: string;
  /** The policy's name in the policy model. */
  readonly recordName: string;
  readonly provider?: TerraformProvider;
}

/** The access-log bucket's policy: protection, and deliveries by S3 server access logging for the source buckets. */
export function accessLogBucketPolicy(props: Pick<AccessLogBucketProps, 'bucketName' | 'accountId' | 'sourceBucketNames' | 'applyRoleArn'>): Json {
  return {
    Version: '2012-10-17',
    Statement: [
      ...logBucketProtection(props.bucketName, props.applyRoleArn),
      {
        Sid: 'S3ServerAccessLogsDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${props.bucketName}/*`,
        Condition: {
          StringEquals: { 'aws:SourceAccount': props.accountId },
          ArnLike: { 'aws:SourceArn': props.sourceBucketNames.map((b) => `arn:aws:s3:::${b}`) },
        },
      },
    ],
  };
}

/**
 * A bucket for server access logs. SSE-S3, because S3 delivers access logs only to buckets with
 * SSE-S3 default encryption; no Object Lock, because S3 does not deliver to a bucket with a default
 * retention; no access logs of its own (they would log their own delivery).
 */
export function accessLogBucket(scope: Construct, props: AccessLogBucketProps): ProtectedBucket {
  return protectedBucket(scope, {
    bucketName: props.bucketName,
    addressOf: (part) => (part ? `${props.address}-${part}` : props.address),
    lifecycle: logLifecycle(),
    policy: accessLogBucketPolicy(props),
    record: { name: props.recordName, account: props.accountName },
    provider: props.provider,
  });
}

function logLifecycle() {
  return {
    id: 'age-logs-into-cheaper-storage',
    transition: LOG_TRANSITIONS.map((t) => ({ ...t })),
    noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
    abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
  };
}

export class LogArchive extends Construct {
  /** AWS Config's bucket (construct id `bucket`, the original log archive bucket). */
  readonly bucket: S3Bucket;
  /** The Config bucket's policy. */
  readonly policy: S3BucketPolicy;
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  /** The organization trail's bucket, with Object Lock. */
  readonly trail: ProtectedBucket;
  readonly accessLogs: ProtectedBucket;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const { provider } = props;
    this.accessLogs = accessLogBucket(this, {
      bucketName: props.accessLogBucketName,
      accountName: props.accountName,
      accountId: props.accountId,
      sourceBucketNames: [props.configBucketName, props.trailBucketName],
      applyRoleArn: props.applyRoleArn,
      address: 'access-logs',
      recordName: 'log-archive-access-log-bucket',
      provider,
    });
    ({ bucket: this.bucket, policy: this.policy, encryption: this.encryption } = protectedBucket(this, {
      bucketName: props.configBucketName,
      addressOf: (part) => part ?? 'bucket',
      kmsKeyArn: props.keyArn,
      lifecycle: logLifecycle(),
      policy: configBucketPolicy(props),
      accessLogs: { targetBucket: this.accessLogs.bucket.bucket, prefix: `${props.configBucketName}/` },
      record: { name: 'log-archive-bucket', account: props.accountName },
      provider,
    }));
    this.trail = protectedBucket(this, {
      bucketName: props.trailBucketName,
      addressOf: (part) => (part ? `trail-bucket-${part}` : 'trail-bucket'),
      kmsKeyArn: props.keyArn,
      objectLock: props.retention,
      lifecycle: logLifecycle(),
      policy: trailBucketPolicy(props),
      accessLogs: { targetBucket: this.accessLogs.bucket.bucket, prefix: `${props.trailBucketName}/` },
      record: { name: 'cloudtrail-bucket', account: props.accountName },
      provider,
    });
  }
}
