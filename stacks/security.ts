/**
 * Stack 3: the security accounts. In the log archive account, the central bucket and its key; in
 * the management account, the organization trail writing there; in the audit account, the Config
 * aggregator and the organization's Access Analyzer.
 *
 * Member accounts are reached through the bootstrap role (OrganizationAccountAccessRole): this
 * stack runs before any baseline has created the deploy role, and the deploy role is bounded so
 * that it could not manage these resources anyway.
 */
import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { coreAccount, type LandingZone } from '../src/config/model';
import { accountIdOf, organizationIdOf } from '../src/config/lock';
import { logArchiveBucketName, ORGANIZATION_TRAIL_NAME, organizationTrailArn } from '../src/contract/names';
import { EncryptionKeys } from '../modules/encryption-keys';
import { LogArchive } from '../modules/log-archive';
import { OrganizationConfigAggregator } from '../modules/organization-config-aggregator';
import { OrganizationTrail } from '../modules/organization-trail';
import { renderTemplate } from '../modules/policy-templates';
import { LandingZoneStack } from './landing-zone-stack';

export const LOG_ARCHIVE_KEY_PURPOSE = 'log-archive';

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

    const bucketName = logArchiveBucketName(lz, logArchiveId);
    const trailArn = organizationTrailArn(lz, managementId);
    const keys = new EncryptionKeys(this, 'log-archive-key', {
      accountName: logArchive.name,
      accountId: logArchiveId,
      regions: [home],
      adminRoleNames: [lz.roles.bootstrap, lz.roles.breakGlass],
      purposes: [
        {
          name: LOG_ARCHIVE_KEY_PURPOSE,
          description: 'Encrypts the organization CloudTrail and AWS Config logs',
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
      bucketName,
      trailArn,
      managementAccountId: managementId,
      organizationId,
      keyArn: key.arn,
    });

    new OrganizationTrail(this, 'organization-trail', {
      name: ORGANIZATION_TRAIL_NAME,
      bucketName,
      keyArn: key.arn,
      provider: managementProvider,
      dependsOn: [archive.policy, archive.encryption, key],
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
    new TerraformOutput(this, 'log_archive_key_arn', { value: key.arn });
  }
}
