/**
 * Stack 1, in the management account: the bucket every other stack keeps its state in, the key
 * that encrypts it, and the identity that applies everything after it (the pipeline role; with
 * GitHub configured, the GitHub OIDC provider and the pull requests' read-only plan role). Its own
 * state is local on the first apply (the bucket does not exist yet); set `bootstrapState: s3` and
 * run `terraform init -migrate-state` once it does.
 *
 * It is applied by an administrator of the management account before any lock file exists, so
 * Terraform reads the account id from the caller; the recorded documents show the lock file's id
 * (or its placeholder) for review.
 */
import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { LandingZone } from '../src/config/model';
import { managementAccountIdOf } from '../src/config/lock';
import { renderTemplate } from '../modules/policy-templates';
import { githubApplySubject, githubOidcProviderArn, githubPlanSubject, PipelineIdentity } from '../modules/pipeline-identity';
import { minified, type Json } from '../src/policies/document';
import { recordPolicy } from '../src/policies/registry';
import { protectedBucket, tlsOnlyStatements } from '../modules/protected-bucket';
import { terraformPolicy } from '../modules/terraform-literal';
import { LandingZoneStack, STATE_KEY_ALIAS } from './landing-zone-stack';

export class BootstrapStack extends LandingZoneStack {
  readonly bucket: S3Bucket;
  readonly key: KmsKey;
  readonly identity: PipelineIdentity;

  constructor(scope: Construct, lz: LandingZone) {
    super(scope, 'bootstrap', lz, { localState: lz.organization.bootstrapState !== 's3' });
    const management = lz.organization.managementAccount.name;
    this.provider({ account: management, region: lz.organization.homeRegion });
    const accountId = managementAccountIdOf(lz);
    const callerAccountId = new DataAwsCallerIdentity(this, 'caller').accountId;
    const callerAccount: [string, string] = [accountId, callerAccountId];
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
      policy: terraformPolicy(minified(keyPolicy), [callerAccount]),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'state-key-alias', { name: STATE_KEY_ALIAS, targetKeyId: this.key.keyId });

    ({ bucket: this.bucket } = protectedBucket(this, {
      bucketName: lz.stateBucket,
      addressOf: (part) => (part ? `state-bucket-${part}` : 'state-bucket'),
      kmsKeyArn: this.key.arn,
      lifecycle: {
        id: 'keep-old-state-versions-90-days',
        noncurrentVersionExpiration: [{ noncurrentDays: 90 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
      policy: { Version: '2012-10-17', Statement: tlsOnlyStatements(bucketArn) },
      record: { name: 'state-bucket', account: management },
    }));

    const github = lz.organization.github;
    const values = {
      managementAccountId: accountId,
      ...(github
        ? { 'github.oidcProviderArn': githubOidcProviderArn(accountId), 'github.applySubject': githubApplySubject(github), 'github.planSubject': githubPlanSubject(github) }
        : {}),
    };
    this.identity = new PipelineIdentity(this, 'pipeline-identity', {
      accountName: management,
      recordedAccountId: accountId,
      accountId: callerAccountId,
      github,
      pipeline: {
        roleName: lz.roles.pipeline,
        description: github
          ? `Applies the landing zone; assumed by GitHub Actions workflows of ${github.repository} (${githubApplySubject(github)})`
          : 'Applies the landing zone; assumed by administrators of the management account',
        trust: github ? renderTemplate(lz, 'roles/pipeline-trust-github.json', values) : renderTemplate(lz, 'roles/pipeline-trust-administrators.json', values),
        identity: renderTemplate(lz, 'roles/pipeline-identity.json', values),
      },
      plan: github
        ? {
            roleName: lz.roles.plan,
            description: `Plans the landing zone read-only; assumed by pull request workflows of ${github.repository}`,
            trust: renderTemplate(lz, 'roles/plan-trust.json', values),
            identity: renderTemplate(lz, 'roles/plan-identity.json', values),
          }
        : undefined,
    });

    new TerraformOutput(this, 'state_bucket', { value: this.bucket.bucket });
    new TerraformOutput(this, 'state_key_arn', { value: this.key.arn });
    new TerraformOutput(this, 'pipeline_role_arn', { value: this.identity.pipelineRole.arn });
    if (this.identity.planRole) new TerraformOutput(this, 'plan_role_arn', { value: this.identity.planRole.arn });
  }
}
