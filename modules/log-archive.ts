/**
 * The central log bucket in the log archive account: every account's CloudTrail (through the
 * organization trail) and AWS Config write here. Versioned, encrypted with its own KMS key, never
 * public, TLS only, never destroyed by a plan, and writable only by the organization's trail and by
 * AWS Config for accounts of this organization. Logs move to cheaper storage as they age and are
 * never expired by the landing zone; old versions are kept a year.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import type { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import type { Json } from '../src/policies/document';
import { protectedBucket, tlsOnlyStatements } from './protected-bucket';

/** Ages at which log objects move to cheaper storage classes. */
export const LOG_TRANSITIONS: readonly { readonly days: number; readonly storageClass: string }[] = [
  { days: 90, storageClass: 'STANDARD_IA' },
  { days: 365, storageClass: 'GLACIER' },
];
export const NONCURRENT_VERSION_DAYS = 365;

export interface LogArchiveProps {
  readonly accountName: string;
  readonly bucketName: string;
  /** The organization trail's ARN: the only trail that may write. */
  readonly trailArn: string;
  readonly managementAccountId: string;
  readonly organizationId: string;
  /** The dedicated key of the bucket. */
  readonly keyArn: string;
  readonly provider?: TerraformProvider;
}

/** The bucket policy: TLS only, no deletion of logs, writes by this organization's trail and Config only. */
export function logArchiveBucketPolicy(props: Pick<LogArchiveProps, 'bucketName' | 'trailArn' | 'managementAccountId' | 'organizationId'>): Json {
  const bucket = `arn:aws:s3:::${props.bucketName}`;
  return {
    Version: '2012-10-17',
    Statement: [
      ...tlsOnlyStatements(bucket),
      { Sid: 'DenyLogDeletion', Effect: 'Deny', Principal: '*', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'], Resource: `${bucket}/*` },
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

export class LogArchive extends Construct {
  readonly bucket: S3Bucket;
  /** The bucket policy: writers (the trail) must wait for it. */
  readonly policy: S3BucketPolicy;
  /** The default encryption with the bucket key: the trail checks it at creation. */
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    ({ bucket: this.bucket, policy: this.policy, encryption: this.encryption } = protectedBucket(this, {
      bucketName: props.bucketName,
      addressOf: (part) => part ?? 'bucket',
      kmsKeyArn: props.keyArn,
      lifecycle: {
        id: 'age-logs-into-cheaper-storage',
        transition: LOG_TRANSITIONS.map((t) => ({ ...t })),
        noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
      policy: logArchiveBucketPolicy(props),
      record: { name: 'log-archive-bucket', account: props.accountName },
      provider: props.provider,
    }));
  }
}
