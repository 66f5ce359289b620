/**
 * Stack 1, in the management account: the bucket every other stack keeps its state in, and the
 * key that encrypts it. Its own state is local on the first apply (the bucket does not exist yet);
 * set `bootstrapState: s3` and run `terraform init -migrate-state` once it does.
 */
import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { LandingZone } from '../src/config/model';
import { minified, type Json } from '../src/policies/document';
import { recordPolicy } from '../src/policies/registry';
import { LandingZoneStack, STATE_KEY_ALIAS, terraformLiteral } from './landing-zone-stack';

export class BootstrapStack extends LandingZoneStack {
  readonly bucket: S3Bucket;
  readonly key: KmsKey;

  constructor(scope: Construct, lz: LandingZone) {
    super(scope, 'bootstrap', lz, { localState: lz.organization.bootstrapState !== 's3' });
    const management = lz.organization.managementAccount.name;
    this.provider({ account: management, region: lz.organization.homeRegion });
    const accountId = lz.lock?.managementAccountId ?? new DataAwsCallerIdentity(this, 'caller').accountId;
    const bucketArn = `arn:aws:s3:::${lz.stateBucket}`;

    const keyPolicy: Json = {
      Version: '2012-10-17',
      Statement: [
        {
          // Without this statement the key is unmanageable; IAM policies in the account decide who uses it.
          Sid: 'AccountAdministersKey',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'S3UsesKeyForStateBucketOnly',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: {
            StringEquals: { 'kms:ViaService': `s3.${lz.organization.homeRegion}.amazonaws.com` },
            ArnLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`] },
          },
        },
      ],
    };
    recordPolicy(this, { name: 'state-key', kind: 'key-policy', document: keyPolicy, attachedTo: ['key:state'], account: management });
    this.key = new KmsKey(this, 'state-key', {
      description: `Encrypts the landing-zone Terraform state in ${lz.stateBucket}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: terraformLiteral(minified(keyPolicy)),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'state-key-alias', { name: STATE_KEY_ALIAS, targetKeyId: this.key.keyId });

    this.bucket = new S3Bucket(this, 'state-bucket', {
      bucket: lz.stateBucket,
      lifecycle: { preventDestroy: true },
    });
    new S3BucketVersioningA(this, 'state-bucket-versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'state-bucket-encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, 'state-bucket-public-access', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'state-bucket-ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketLifecycleConfiguration(this, 'state-bucket-lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'keep-old-state-versions-90-days',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    const bucketPolicy: Json = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Sid: 'DenyOutdatedTls',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
        },
      ],
    };
    recordPolicy(this, { name: 'state-bucket', kind: 'bucket-policy', document: bucketPolicy, attachedTo: [`bucket:${lz.stateBucket}`], account: management });
    new S3BucketPolicy(this, 'state-bucket-policy', { bucket: this.bucket.id, policy: terraformLiteral(minified(bucketPolicy)) });

    new TerraformOutput(this, 'state_bucket', { value: this.bucket.bucket });
    new TerraformOutput(this, 'state_key_arn', { value: this.key.arn });
  }
}
