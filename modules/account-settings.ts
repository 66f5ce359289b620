/**
 * Account-wide hardening that every account gets: the IAM password policy, the S3 account public
 * access block, and in each region EBS encryption by default with the account's data key, IMDSv2
 * required for new instances, and an IAM Access Analyzer of account scope.
 */
import { Construct } from 'constructs';
import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { EbsDefaultKmsKey } from '@cdktf/provider-aws/lib/ebs-default-kms-key';
import { EbsEncryptionByDefault } from '@cdktf/provider-aws/lib/ebs-encryption-by-default';
import { Ec2InstanceMetadataDefaults } from '@cdktf/provider-aws/lib/ec2-instance-metadata-defaults';
import { IamAccountPasswordPolicy, type IamAccountPasswordPolicyConfig } from '@cdktf/provider-aws/lib/iam-account-password-policy';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';

/** The password policy of every account; the `iam-password-policy` Config rule checks the same values. */
export const PASSWORD_POLICY: Readonly<Omit<IamAccountPasswordPolicyConfig, 'provider' | 'dependsOn' | 'count' | 'forEach' | 'lifecycle' | 'provisioners' | 'connection' | 'id'>> = {
  minimumPasswordLength: 14,
  requireLowercaseCharacters: true,
  requireUppercaseCharacters: true,
  requireNumbers: true,
  requireSymbols: true,
  allowUsersToChangePassword: true,
  maxPasswordAge: 90,
  passwordReusePrevention: 24,
  hardExpiry: false,
};

/** Hops an IMDSv2 token may travel: 2 lets containers on an instance reach the metadata service. */
export const IMDS_HOP_LIMIT = 2;

export interface AccountSettingsProps {
  readonly accountName: string;
  readonly regions: readonly string[];
  /** ARN of the data key in a region, for EBS default encryption. */
  readonly dataKeyArn: (region: string) => string;
}

export class AccountSettings extends Construct {
  constructor(scope: Construct, id: string, props: AccountSettingsProps) {
    super(scope, id);
    new IamAccountPasswordPolicy(this, 'password-policy', { ...PASSWORD_POLICY });
    new S3AccountPublicAccessBlock(this, 's3-public-access-block', {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    for (const region of props.regions) {
      new EbsEncryptionByDefault(this, `ebs-encryption-${region}`, { region, enabled: true });
      new EbsDefaultKmsKey(this, `ebs-default-key-${region}`, { region, keyArn: props.dataKeyArn(region) });
      new Ec2InstanceMetadataDefaults(this, `imds-defaults-${region}`, {
        region,
        httpTokens: 'required',
        httpEndpoint: 'enabled',
        httpPutResponseHopLimit: IMDS_HOP_LIMIT,
        instanceMetadataTags: 'disabled',
      });
      new AccessanalyzerAnalyzer(this, `access-analyzer-${region}`, {
        region,
        analyzerName: `landing-zone-${props.accountName}`,
        type: 'ACCOUNT',
      });
    }
  }
}
