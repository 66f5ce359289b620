import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { loadLandingZone } from '../../src/config/load';
import { buildApp } from '../../src/synth/synth';
import { policiesOf } from '../../src/policies/registry';
import { REPO } from '../support/example';
import { blockAt, blocksOf, refTo, terraformJson } from '../modules/harness';

const lz = loadLandingZone(join(REPO, 'config'));
const [stack] = buildApp(Testing.app() as App, lz, ['security']);
const json = terraformJson(stack) as Record<string, any>;
const policies = policiesOf(stack);
const BUCKET = 'acme-log-archive-222222222201';
const TRAIL = 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/landing-zone-organization-trail';

describe('security stack', () => {
  it('GIVEN the example WHEN synthesized THEN it reaches log archive (default), management and audit accounts', () => {
    expect(json.provider.aws.map((p: any) => [p.alias, p.assume_role?.[0].role_arn])).toEqual([
      [undefined, 'arn:aws:iam::222222222201:role/OrganizationAccountAccessRole'],
      ['management', undefined],
      ['audit', 'arn:aws:iam::222222222202:role/OrganizationAccountAccessRole'],
    ]);
  });

  it('THEN the log bucket is versioned, encrypted with its own key, private, aged into cheaper storage and protected', () => {
    expect(blockAt(json, 'aws_s3_bucket', 'log-archive/bucket')).toMatchObject({ bucket: BUCKET, lifecycle: { prevent_destroy: true } });
    expect(blockAt(json, 'aws_s3_bucket_versioning', 'log-archive/versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(blockAt(json, 'aws_s3_bucket_server_side_encryption_configuration', 'log-archive/encryption').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: refTo(json, 'aws_kms_key', 'log-archive-key/log-archive-eu-west-1', 'arn') }, bucket_key_enabled: true },
    ]);
    const pab = blockAt(json, 'aws_s3_bucket_public_access_block', 'log-archive/public-access');
    expect([pab.block_public_acls, pab.block_public_policy, pab.ignore_public_acls, pab.restrict_public_buckets]).toEqual([true, true, true, true]);
    expect(blockAt(json, 'aws_s3_bucket_lifecycle_configuration', 'log-archive/lifecycle').rule[0].transition).toEqual([
      { days: 90, storage_class: 'STANDARD_IA' },
      { days: 365, storage_class: 'GLACIER' },
    ]);
    const key = blockAt(json, 'aws_kms_key', 'log-archive-key/log-archive-eu-west-1');
    expect([key.enable_key_rotation, key.deletion_window_in_days, key.lifecycle]).toEqual([true, 30, { prevent_destroy: true }]);
  });

  it('THEN the bucket policy admits only TLS, the organization trail and Config for this organization', () => {
    const policy = JSON.parse(blockAt(json, 'aws_s3_bucket_policy', 'log-archive/policy').policy);
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'DenyOutdatedTls',
      'DenyLogDeletion',
      'CloudTrailChecksAcl',
      'CloudTrailWritesOrganizationTrail',
      'ConfigChecksBucket',
      'ConfigWritesForOrganizationAccounts',
    ]);
    const allows = policy.Statement.filter((s: any) => s.Effect === 'Allow');
    expect(allows.map((s: any) => s.Condition.StringEquals['aws:SourceArn'] ?? s.Condition.StringEquals['aws:SourceOrgID'])).toEqual([TRAIL, TRAIL, 'o-exampleorg1', 'o-exampleorg1']);
    expect(policy.Statement[4].Resource).toEqual([`arn:aws:s3:::${BUCKET}/AWSLogs/111111111111/*`, `arn:aws:s3:::${BUCKET}/AWSLogs/o-exampleorg1/*`]);
    expect(policies.find((p) => p.kind === 'bucket-policy')).toMatchObject({ attachedTo: [`bucket:${BUCKET}`], arns: [`arn:aws:s3:::${BUCKET}`], account: 'acme-log-archive' });
  });

  it('THEN the organization trail is multi-region, validates log files, uses the key and is created in the management account', () => {
    expect(blockAt(json, 'aws_cloudtrail', 'organization-trail/trail')).toMatchObject({
      provider: 'aws.management',
      name: 'landing-zone-organization-trail',
      s3_bucket_name: BUCKET,
      kms_key_id: refTo(json, 'aws_kms_key', 'log-archive-key/log-archive-eu-west-1', 'arn'),
      is_organization_trail: true,
      is_multi_region_trail: true,
      enable_log_file_validation: true,
      include_global_service_events: true,
    });
  });

  it('THEN the audit account aggregates Config for every allowed region and analyzes access organization-wide', () => {
    const aggregator = blockAt(json, 'aws_config_configuration_aggregator', 'organization-view/aggregator');
    expect(aggregator.provider).toBe('aws.audit');
    expect(aggregator.organization_aggregation_source).toEqual({ all_regions: false, regions: ['eu-west-1', 'eu-central-1'], role_arn: refTo(json, 'aws_iam_role', 'organization-view/role/role', 'arn') });
    const analyzers = Object.values(blocksOf(json, 'aws_accessanalyzer_analyzer')).map((a) => [a.provider, a.region, a.type]);
    expect(analyzers).toEqual([
      ['aws.audit', 'eu-west-1', 'ORGANIZATION'],
      ['aws.audit', 'eu-central-1', 'ORGANIZATION'],
    ]);
  });

  describe('apply-time ordering and permissions (#8.5)', () => {
    const keyPolicy = () => JSON.parse(blockAt(json, 'aws_kms_key', 'log-archive-key/log-archive-eu-west-1').policy);
    const dependsOn = (type: string, path: string) => blockAt(json, type, path).depends_on as string[];
    const address = (type: string, path: string) => `${type}.${blockAt(json, type, path)['//'].metadata.uniqueId}`;

    it('GIVEN the bucket has an S3 Bucket Key WHEN the key policy is read THEN CloudTrail may GenerateDataKey* and Decrypt, only for the organization trail', () => {
      const cloudTrail = keyPolicy().Statement.filter((s: any) => s.Principal.Service === 'cloudtrail.amazonaws.com');
      expect(cloudTrail.map((s: any) => [s.Sid, s.Action, s.Condition])).toEqual([
        ['CloudTrailEncryptsOrganizationTrail', ['kms:GenerateDataKey*'], { StringEquals: { 'aws:SourceArn': TRAIL }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111111111111:trail/*' } }],
        ['CloudTrailDecryptsWithBucketKey', ['kms:Decrypt'], { StringEquals: { 'aws:SourceArn': TRAIL } }],
        ['CloudTrailDescribesKey', ['kms:DescribeKey'], { StringEquals: { 'aws:SourceArn': TRAIL } }],
      ]);
    });

    it('THEN the trail waits for the bucket policy, the bucket encryption configuration and the key', () => {
      expect(dependsOn('aws_cloudtrail', 'organization-trail/trail')).toEqual(
        expect.arrayContaining([
          address('aws_s3_bucket_policy', 'log-archive/policy'),
          address('aws_s3_bucket_server_side_encryption_configuration', 'log-archive/encryption'),
          address('aws_kms_key', 'log-archive-key/log-archive-eu-west-1'),
        ]),
      );
    });

    it('THEN the Config aggregator waits for its role policy, not only the role', () => {
      expect(dependsOn('aws_config_configuration_aggregator', 'organization-view/aggregator')).toEqual([
        address('aws_iam_role_policy', 'organization-view/role/policy-read-organization'),
      ]);
    });
  });
});
