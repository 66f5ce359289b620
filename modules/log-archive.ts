/**
 * The central log bucket in the log archive account: every account's CloudTrail (through the
 * organization trail) and AWS Config write here. Versioned, encrypted with its own KMS key, never
 * public, TLS only, never destroyed by a plan, and writable only by the organization's trail and by
 * AWS Config for accounts of this organization. Logs move to cheaper storage as they age and are
 * never expired by the landing zone; old versions are kept a year.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { minified, type Json } from '../src/policies/document';
import { recordPolicy } from '../src/policies/registry';
import { terraformLiteral } from '../stacks/landing-zone-stack';

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
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucket, `${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Sid: 'DenyOutdatedTls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucket, `${bucket}/*`], Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
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

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, 'bucket', { provider, bucket: props.bucketName, lifecycle: { preventDestroy: true } });
    new S3BucketVersioningA(this, 'versioning', { provider, bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.keyArn }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, 'public-access', {
      provider,
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { provider, bucket: this.bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket: this.bucket.id,
      rule: [
        {
          id: 'age-logs-into-cheaper-storage',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          transition: LOG_TRANSITIONS.map((t) => ({ ...t })),
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    const policy = logArchiveBucketPolicy(props);
    recordPolicy(this, {
      name: 'log-archive-bucket',
      kind: 'bucket-policy',
      document: policy,
      attachedTo: [`bucket:${props.bucketName}`],
      arns: [`arn:aws:s3:::${props.bucketName}`],
      account: props.accountName,
    });
    this.policy = new S3BucketPolicy(this, 'policy', { provider, bucket: this.bucket.id, policy: terraformLiteral(minified(policy)) });
  }
}
