/**
 * A bucket that keeps what it holds: versioned, SSE-KMS with a bucket key, every public access
 * blocked, owner-enforced, a lifecycle the caller chooses, a recorded bucket policy, and
 * prevent_destroy; optionally Object Lock and server access logs. The state bucket, the log archive and product buckets are all built here.
 *
 * A function rather than a Construct on purpose: the resources go straight into `scope` with the
 * ids `addressOf` gives, so the Terraform addresses of buckets built before it existed stay as they
 * were (a Construct would nest them and rename every resource).
 */
import type { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { minified, type Json } from '../src/policies/document';
import { recordPolicy } from '../src/policies/registry';
import { terraformLiteral } from './terraform-literal';

export type BucketPart = 'versioning' | 'encryption' | 'public-access' | 'ownership' | 'lifecycle' | 'policy' | 'object-lock' | 'logging';

/** S3 Object Lock default retention of every new object version. */
export interface ObjectLockRetention {
  readonly mode: 'COMPLIANCE' | 'GOVERNANCE';
  readonly days: number;
}

export interface ProtectedBucketProps {
  readonly bucketName: string;
  /** The construct id of the bucket (no part) and of each part, e.g. `state-bucket`, `state-bucket-versioning`. */
  readonly addressOf: (part?: BucketPart) => string;
  /**
   * The key that encrypts every object (SSE-KMS with an S3 Bucket Key).
   * @default - SSE-S3 (AES256): only for targets of server access logs, which S3 cannot deliver to an SSE-KMS bucket
   */
  readonly kmsKeyArn?: string;
  /**
   * Object Lock: enabled when the bucket is created (it cannot be turned on later through Terraform:
   * `object_lock_enabled` forces a new bucket) with this default retention. @default - no Object Lock
   */
  readonly objectLock?: ObjectLockRetention;
  /** Server access logs to this bucket (same account and region) under `prefix`. @default - no access logs */
  readonly accessLogs?: { readonly targetBucket: string; readonly prefix: string };
  /** The one lifecycle rule; `filter` and `status` may be left out. */
  readonly lifecycle: Omit<S3BucketLifecycleConfigurationRule, 'filter' | 'status'>;
  /** The whole bucket policy; start it with `tlsOnlyStatements`. */
  readonly policy: Json;
  /** The policy's name in the policy model, and the account it lives in. */
  readonly record: { readonly name: string; readonly account: string };
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

export interface ProtectedBucket {
  readonly bucket: S3Bucket;
  /** Writers that the policy admits (a trail, Config) must wait for it. */
  readonly policy: S3BucketPolicy;
  /** Writers that encrypt with the bucket's key (a trail checks it at creation) must wait for it. */
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  readonly versioning: S3BucketVersioningA;
}

/** Deny every request without TLS, or with TLS older than 1.2. */
export function tlsOnlyStatements(bucketArn: string): Json[] {
  const resource = [bucketArn, `${bucketArn}/*`];
  return [
    { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resource, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Sid: 'DenyOutdatedTls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resource, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
  ];
}

export function protectedBucket(scope: Construct, props: ProtectedBucketProps): ProtectedBucket {
  const { provider, addressOf: id } = props;
  const bucket = new S3Bucket(scope, id(), {
    provider,
    bucket: props.bucketName,
    ...(props.objectLock ? { objectLockEnabled: true } : {}),
    lifecycle: { preventDestroy: true },
  });
  const versioning = new S3BucketVersioningA(scope, id('versioning'), { provider, bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
  const encryption = new S3BucketServerSideEncryptionConfigurationA(scope, id('encryption'), {
    provider,
    bucket: bucket.id,
    rule: [
      props.kmsKeyArn
        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
    ],
  });
  if (props.objectLock) {
    new S3BucketObjectLockConfigurationA(scope, id('object-lock'), {
      provider,
      bucket: bucket.id,
      rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
      dependsOn: [versioning],
    });
  }
  if (props.accessLogs) {
    new S3BucketLoggingA(scope, id('logging'), {
      provider,
      bucket: bucket.id,
      targetBucket: props.accessLogs.targetBucket,
      targetPrefix: props.accessLogs.prefix,
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
    });
  }
  new S3BucketPublicAccessBlock(scope, id('public-access'), {
    provider,
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, id('ownership'), { provider, bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
  new S3BucketLifecycleConfiguration(scope, id('lifecycle'), {
    provider,
    bucket: bucket.id,
    rule: [{ status: 'Enabled', filter: [{ prefix: '' }], ...props.lifecycle }],
  });
  recordPolicy(scope, {
    name: props.record.name,
    kind: 'bucket-policy',
    document: props.policy,
    attachedTo: [`bucket:${props.bucketName}`],
    arns: [`arn:aws:s3:::${props.bucketName}`],
    account: props.record.account,
  });
  const policy = new S3BucketPolicy(scope, id('policy'), { provider, bucket: bucket.id, policy: terraformLiteral(minified(props.policy)) });
  return { bucket, policy, encryption, versioning };
}
