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
const TRAIL_BUCKET = 'acme-cloudtrail-222222222201';
const ACCESS_LOGS = 'acme-access-logs-222222222201';
const STATE_ACCESS_LOGS = 'acme-access-logs-111111111111';
const APPLY_ROLE = 'arn:aws:iam::222222222201:role/OrganizationAccountAccessRole';
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

  it('THEN the Config bucket policy admits only TLS and Config for this organization, denies deletion and protection changes', () => {
    const policy = JSON.parse(blockAt(json, 'aws_s3_bucket_policy', 'log-archive/policy').policy);
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'DenyOutdatedTls',
      'DenyLogDeletion',
      'DenyProtectionChanges',
      'ConfigChecksBucket',
      'ConfigWritesForOrganizationAccounts',
    ]);
    const allows = policy.Statement.filter((s: any) => s.Effect === 'Allow');
    expect(allows.map((s: any) => [s.Principal, s.Condition.StringEquals['aws:SourceOrgID']])).toEqual([
      [{ Service: 'config.amazonaws.com' }, 'o-exampleorg1'],
      [{ Service: 'config.amazonaws.com' }, 'o-exampleorg1'],
    ]);
    expect(policies.find((p) => p.name === 'log-archive-bucket')).toMatchObject({ kind: 'bucket-policy', attachedTo: [`bucket:${BUCKET}`], arns: [`arn:aws:s3:::${BUCKET}`], account: 'acme-log-archive' });
  });

  it('THEN the organization trail is multi-region, validates log files, writes to the Object Lock bucket with the key, from the management account', () => {
    expect(blockAt(json, 'aws_cloudtrail', 'organization-trail/trail')).toMatchObject({
      provider: 'aws.management',
      name: 'landing-zone-organization-trail',
      s3_bucket_name: TRAIL_BUCKET,
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

    it('THEN the trail waits for its bucket policy, the bucket encryption configuration and the key', () => {
      expect(dependsOn('aws_cloudtrail', 'organization-trail/trail')).toEqual(
        expect.arrayContaining([
          address('aws_s3_bucket_policy', 'log-archive/trail-bucket-policy'),
          address('aws_s3_bucket_server_side_encryption_configuration', 'log-archive/trail-bucket-encryption'),
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

  describe('log integrity (#9.1)', () => {
    const bucketPolicy = (path: string) => JSON.parse(blockAt(json, 'aws_s3_bucket_policy', path).policy);
    const PROTECTION = [
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

    it('GIVEN no logArchive settings WHEN synthesized THEN the trail bucket is created with Object Lock, COMPLIANCE for 365 days', () => {
      expect(blockAt(json, 'aws_s3_bucket', 'log-archive/trail-bucket')).toMatchObject({ bucket: TRAIL_BUCKET, object_lock_enabled: true, lifecycle: { prevent_destroy: true } });
      const lock = blockAt(json, 'aws_s3_bucket_object_lock_configuration', 'log-archive/trail-bucket-object-lock');
      expect(lock.rule).toEqual({ default_retention: { mode: 'COMPLIANCE', days: 365 } });
      expect(lock.bucket).toBe(refTo(json, 'aws_s3_bucket', 'log-archive/trail-bucket', 'id'));
      expect(blockAt(json, 'aws_s3_bucket_versioning', 'log-archive/trail-bucket-versioning').versioning_configuration).toEqual({ status: 'Enabled' });
      // The Config bucket is the original bucket, unchanged in name and address, so nothing is replaced.
      expect(blockAt(json, 'aws_s3_bucket', 'log-archive/bucket').object_lock_enabled).toBeUndefined();
    });

    it('GIVEN logArchive settings WHEN synthesized THEN the retention and mode come from config', () => {
      const custom = { ...lz, organization: { ...lz.organization, logArchive: { retentionDays: 2555, objectLockMode: 'GOVERNANCE' as const } } };
      const [other] = buildApp(Testing.app() as App, custom, ['security']);
      const lock = blockAt(terraformJson(other), 'aws_s3_bucket_object_lock_configuration', 'log-archive/trail-bucket-object-lock');
      expect(lock.rule).toEqual({ default_retention: { mode: 'GOVERNANCE', days: 2555 } });
    });

    it.each([
      ['log-archive/policy', BUCKET, APPLY_ROLE],
      ['log-archive/trail-bucket-policy', TRAIL_BUCKET, APPLY_ROLE],
      ['log-archive/access-logs-policy', ACCESS_LOGS, APPLY_ROLE],
      ['state-access-logs-policy', STATE_ACCESS_LOGS, 'arn:aws:iam::111111111111:role/LandingZonePipeline'],
    ])('THEN the policy of %s denies deleting logs to all and changing protection to all but the apply role', (path, bucket, role) => {
      const statements = bucketPolicy(path).Statement;
      expect(statements.find((s: any) => s.Sid === 'DenyLogDeletion')).toEqual({
        Sid: 'DenyLogDeletion',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:BypassGovernanceRetention', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        Resource: `arn:aws:s3:::${bucket}/*`,
      });
      expect(statements.find((s: any) => s.Sid === 'DenyProtectionChanges')).toEqual({
        Sid: 'DenyProtectionChanges',
        Effect: 'Deny',
        Principal: '*',
        Action: PROTECTION,
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': role } },
      });
    });

    it('THEN only the organization trail may write to the trail bucket', () => {
      const allows = bucketPolicy('log-archive/trail-bucket-policy').Statement.filter((s: any) => s.Effect === 'Allow');
      expect(allows.map((s: any) => [s.Sid, s.Principal, s.Action, s.Resource, s.Condition])).toEqual([
        ['CloudTrailChecksAcl', { Service: 'cloudtrail.amazonaws.com' }, 's3:GetBucketAcl', `arn:aws:s3:::${TRAIL_BUCKET}`, { StringEquals: { 'aws:SourceArn': TRAIL } }],
        [
          'CloudTrailWritesOrganizationTrail',
          { Service: 'cloudtrail.amazonaws.com' },
          's3:PutObject',
          [`arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/111111111111/*`, `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/o-exampleorg1/*`],
          { StringEquals: { 'aws:SourceArn': TRAIL, 's3:x-amz-acl': 'bucket-owner-full-control' } },
        ],
      ]);
    });

    it('THEN the log archive and state buckets send server access logs to protected SSE-S3 access-log buckets of their own account', () => {
      const logging = (path: string) => {
        const b = blockAt(json, 'aws_s3_bucket_logging', path);
        return [b.provider, b.bucket, b.target_bucket, b.target_prefix, b.target_object_key_format];
      };
      const partitioned = { partitioned_prefix: { partition_date_source: 'EventTime' } };
      expect(logging('log-archive/logging')).toEqual([undefined, refTo(json, 'aws_s3_bucket', 'log-archive/bucket', 'id'), refTo(json, 'aws_s3_bucket', 'log-archive/access-logs', 'bucket'), `${BUCKET}/`, partitioned]);
      expect(logging('log-archive/trail-bucket-logging')).toEqual([undefined, refTo(json, 'aws_s3_bucket', 'log-archive/trail-bucket', 'id'), refTo(json, 'aws_s3_bucket', 'log-archive/access-logs', 'bucket'), `${TRAIL_BUCKET}/`, partitioned]);
      expect(logging('state-bucket-logging')).toEqual(['aws.management', 'acme-landing-zone-state', refTo(json, 'aws_s3_bucket', 'state-access-logs', 'bucket'), 'acme-landing-zone-state/', partitioned]);
      for (const path of ['log-archive/access-logs-encryption', 'state-access-logs-encryption']) {
        expect(blockAt(json, 'aws_s3_bucket_server_side_encryption_configuration', path).rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
      }
      const delivery = bucketPolicy('state-access-logs-policy').Statement.find((s: any) => s.Sid === 'S3ServerAccessLogsDelivery');
      expect(delivery).toEqual({
        Sid: 'S3ServerAccessLogsDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${STATE_ACCESS_LOGS}/*`,
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::acme-landing-zone-state'] } },
      });
      expect(blockAt(json, 'aws_s3_bucket', 'state-access-logs')).toMatchObject({ provider: 'aws.management', bucket: STATE_ACCESS_LOGS, lifecycle: { prevent_destroy: true } });
    });

    it('THEN the trail records every management event and the object-level events of the state and log buckets, not its own deliveries', () => {
      expect(blockAt(json, 'aws_cloudtrail', 'organization-trail/trail').advanced_event_selector).toEqual([
        { name: 'Every management event', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] },
        {
          name: 'Object reads and writes of the state and log buckets',
          field_selector: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
            { field: 'resources.ARN', starts_with: ['arn:aws:s3:::acme-landing-zone-state/', `arn:aws:s3:::${BUCKET}/`] },
          ],
        },
        {
          name: 'Object reads and deletions of the trail bucket',
          field_selector: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
            { field: 'resources.ARN', starts_with: [`arn:aws:s3:::${TRAIL_BUCKET}/`] },
            { field: 'eventName', not_equals: ['PutObject'] },
          ],
        },
      ]);
    });

    it('THEN the log key denies disabling, deleting or re-policying it to all but the apply role', () => {
      const deny = JSON.parse(blockAt(json, 'aws_kms_key', 'log-archive-key/log-archive-eu-west-1').policy).Statement.find((s: any) => s.Effect === 'Deny');
      expect(deny).toEqual({
        Sid: 'DenyProtectionChangesToOthers',
        Effect: 'Deny',
        Principal: '*',
        Action: ['kms:DisableKey', 'kms:DisableKeyRotation', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
        Resource: '*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': [APPLY_ROLE] } },
      });
    });

    it('THEN every log bucket policy is in the policy model with its account', () => {
      expect(policies.filter((p) => p.kind === 'bucket-policy').map((p) => [p.name, p.attachedTo, p.account])).toEqual([
        ['cloudtrail-bucket', [`bucket:${TRAIL_BUCKET}`], 'acme-log-archive'],
        ['log-archive-access-log-bucket', [`bucket:${ACCESS_LOGS}`], 'acme-log-archive'],
        ['log-archive-bucket', [`bucket:${BUCKET}`], 'acme-log-archive'],
        ['state-access-log-bucket', [`bucket:${STATE_ACCESS_LOGS}`], 'acme-management'],
      ]);
    });
  });
});
