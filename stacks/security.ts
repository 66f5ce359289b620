/**
 * Stack 3: the security accounts. In the log archive account, the log buckets and their key; in
 * the management account, the organization trail writing there and to CloudWatch Logs, the CIS
 * alarms, EventBridge rules and the security topic; in the audit account, GuardDuty's and Security
 * Hub's organization administration, the Config aggregator and the organization's Access Analyzer.
 *
 * Member accounts are reached through the bootstrap role (OrganizationAccountAccessRole): this
 * stack runs before any baseline has created the deploy role, and the deploy role is bounded so
 * that it could not manage these resources anyway.
 */
import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { coreAccount, type LandingZone } from '../src/config/model';
import { accountIdOf, organizationIdOf, rootIdOf } from '../src/config/lock';
import {
  accessLogBucketName,
  applyRoleArn,
  cloudTrailBucketName,
  LOG_ARCHIVE_KEY_PURPOSE,
  logArchiveBucketName,
  ORGANIZATION_TRAIL_NAME,
  organizationTrailArn,
} from '../src/contract/names';
import { accountBudget, alertSettings, guardDutyPlans, logArchiveSettings } from '../src/config/security-settings';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { cloudWatchLogsGrant, EncryptionKeys, KEY_PROTECTION_ACTIONS } from '../modules/encryption-keys';
import { OrganizationDetection } from '../modules/organization-detection';
import { SecurityAlerts } from '../modules/security-alerts';
import { AccountBudgets } from '../modules/account-budgets';
import { accessLogBucket, LogArchive } from '../modules/log-archive';
import { OrganizationConfigAggregator } from '../modules/organization-config-aggregator';
import { OrganizationTrail } from '../modules/organization-trail';
import { renderTemplate } from '../modules/policy-templates';
import { LandingZoneStack } from './landing-zone-stack';

export { LOG_ARCHIVE_KEY_PURPOSE };

/** The management account's key for the trail's log group and the security topic. */
export const ALERTS_KEY_PURPOSE = 'security-alerts';

export class SecurityStack extends LandingZoneStack {
  constructor(scope: Construct, lz: LandingZone) {
    super(scope, 'security', lz);
    const home = lz.organization.homeRegion;
    const logArchive = coreAccount(lz, 'logArchive');
    const audit = coreAccount(lz, 'audit');
    const management = lz.organization.managementAccount.name;
    const logArchiveId = accountIdOf(lz, logArchive.name);
    const auditId = accountIdOf(lz, audit.name);
    const managementId = accountIdOf(lz, management);
    const organizationId = organizationIdOf(lz);

    // The log archive account is the default provider: most resources live there.
    this.provider({ account: logArchive.name, region: home, roleName: lz.roles.bootstrap });
    const managementProvider = this.provider({ account: management, region: home, alias: 'management' });
    const auditProvider = this.provider({ account: audit.name, region: home, roleName: lz.roles.bootstrap, alias: 'audit' });

    const configBucketName = logArchiveBucketName(lz, logArchiveId);
    const trailBucketName = cloudTrailBucketName(lz, logArchiveId);
    const logArchiveApplyRole = applyRoleArn(lz, logArchiveId, false);
    const trailArn = organizationTrailArn(lz, managementId);
    const retention = logArchiveSettings(lz);
    const keys = new EncryptionKeys(this, 'log-archive-key', {
      accountName: logArchive.name,
      accountId: logArchiveId,
      regions: [home],
      adminRoleNames: [lz.roles.bootstrap, lz.roles.breakGlass],
      purposes: [
        {
          name: LOG_ARCHIVE_KEY_PURPOSE,
          description: 'Encrypts the organization CloudTrail and AWS Config logs',
          reservedTo: { roleNames: [lz.roles.bootstrap], actions: KEY_PROTECTION_ACTIONS },
          services: [
            {
              sid: 'CloudTrailEncryptsOrganizationTrail',
              service: () => 'cloudtrail.amazonaws.com',
              actions: ['kms:GenerateDataKey*'],
              condition: () => ({
                StringEquals: { 'aws:SourceArn': trailArn },
                StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${managementId}:trail/*` },
              }),
            },
            {
              // The bucket has an S3 Bucket Key: CloudTrail then needs kms:Decrypt to create or update the trail.
              sid: 'CloudTrailDecryptsWithBucketKey',
              service: () => 'cloudtrail.amazonaws.com',
              actions: ['kms:Decrypt'],
              condition: () => ({ StringEquals: { 'aws:SourceArn': trailArn } }),
            },
            {
              sid: 'CloudTrailDescribesKey',
              service: () => 'cloudtrail.amazonaws.com',
              actions: ['kms:DescribeKey'],
              condition: () => ({ StringEquals: { 'aws:SourceArn': trailArn } }),
            },
            {
              sid: 'ConfigEncryptsForOrganizationAccounts',
              service: () => 'config.amazonaws.com',
              actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
              condition: () => ({ StringEquals: { 'aws:SourceOrgID': organizationId } }),
            },
          ],
        },
      ],
    });
    const key = keys.key(LOG_ARCHIVE_KEY_PURPOSE, home);

    const archive = new LogArchive(this, 'log-archive', {
      accountName: logArchive.name,
      accountId: logArchiveId,
      configBucketName,
      trailBucketName,
      accessLogBucketName: accessLogBucketName(lz, logArchiveId),
      trailArn,
      managementAccountId: managementId,
      organizationId,
      keyArn: key.arn,
      applyRoleArn: logArchiveApplyRole,
      retention: { mode: retention.objectLockMode, days: retention.retentionDays },
    });

    // The state bucket's server access logs go to a bucket of its own account (S3 requires it).
    const stateAccessLogs = accessLogBucket(this, {
      bucketName: accessLogBucketName(lz, managementId),
      accountName: management,
      accountId: managementId,
      sourceBucketNames: [lz.stateBucket],
      applyRoleArn: applyRoleArn(lz, managementId, true),
      address: 'state-access-logs',
      recordName: 'state-access-log-bucket',
      provider: managementProvider,
    });
    new S3BucketLoggingA(this, 'state-bucket-logging', {
      provider: managementProvider,
      bucket: lz.stateBucket,
      targetBucket: stateAccessLogs.bucket.bucket,
      targetPrefix: `${lz.stateBucket}/`,
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
    });

    // Alerts live in the management account, beside the trail and its log group.
    const alertsKey = new EncryptionKeys(this, 'alerts-key', {
      provider: managementProvider,
      accountName: management,
      accountId: managementId,
      regions: [home],
      adminRoleNames: [lz.roles.pipeline],
      purposes: [
        {
          name: ALERTS_KEY_PURPOSE,
          description: 'Encrypts the organization trail log group and the security alerts topic',
          services: [
            cloudWatchLogsGrant(managementId),
            ...['cloudwatch.amazonaws.com', 'events.amazonaws.com'].map((service) => ({
              sid: service.startsWith('cloudwatch') ? 'CloudWatchAlarmsPublishToTopic' : 'EventBridgeRulesPublishToTopic',
              service: () => service,
              actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              condition: () => ({ StringEquals: { 'aws:SourceAccount': managementId } }),
            })),
          ],
        },
      ],
    }).key(ALERTS_KEY_PURPOSE, home);
    const alerting = alertSettings(lz);
    const alerts = new SecurityAlerts(this, 'alerts', {
      managementAccountName: management,
      managementAccountId: managementId,
      auditAccountName: audit.name,
      auditAccountId: auditId,
      homeRegion: home,
      regions: lz.organization.allowedRegions,
      keyArn: alertsKey.arn,
      emails: alerting.emails,
      ...(alerting.httpsEndpoint ? { httpsEndpoint: alerting.httpsEndpoint } : {}),
      guardDutyMinimumSeverity: alerting.guardDutyMinimumSeverity,
      managementProvider,
      auditProvider,
    });

    new OrganizationTrail(this, 'organization-trail', {
      name: ORGANIZATION_TRAIL_NAME,
      bucketName: trailBucketName,
      keyArn: key.arn,
      dataEventBuckets: [lz.stateBucket, configBucketName],
      ownBucket: trailBucketName,
      // CloudTrail wants the group's ARN with the `:*` suffix.
      cloudWatchLogs: { logGroupArn: `${alerts.logGroup.arn}:*`, roleArn: alerts.trailLogsRole.role.arn },
      provider: managementProvider,
      dependsOn: [archive.trail.policy, archive.trail.encryption, key, ...alerts.trailLogsRole.policies.values()],
    });

    new OrganizationDetection(this, 'detection', {
      auditAccountId: auditId,
      homeRegion: home,
      regions: lz.organization.allowedRegions,
      protectionPlans: guardDutyPlans(lz),
      rootId: rootIdOf(lz),
      managementProvider,
      auditProvider,
    });

    // Budgets live with the payer: members cannot remove a budget they do not own.
    new AccountBudgets(this, 'budgets', {
      provider: managementProvider,
      budgets: lz.accounts.map((account) => ({ accountName: account.name, accountId: accountIdOf(lz, account.name), ...accountBudget(lz, account) })),
    });

    const values = { accountId: auditId };
    new OrganizationConfigAggregator(this, 'organization-view', {
      accountName: audit.name,
      accountId: auditId,
      homeRegion: home,
      regions: lz.organization.allowedRegions,
      roleTrust: renderTemplate(lz, 'roles/config-aggregator-trust.json', values),
      rolePolicy: renderTemplate(lz, 'roles/config-aggregator-identity.json', values),
      provider: auditProvider,
    });

    new TerraformOutput(this, 'log_archive_bucket', { value: archive.bucket.bucket });
    new TerraformOutput(this, 'cloudtrail_bucket', { value: archive.trail.bucket.bucket });
    new TerraformOutput(this, 'log_archive_key_arn', { value: key.arn });
  }
}
