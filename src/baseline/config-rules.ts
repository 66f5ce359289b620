/**
 * The AWS Config managed rules the landing zone knows, by the names config files use, and the
 * built-in "baseline" rule set. A rule set in organization.yaml names rules from this catalogue;
 * `lz validate` rejects any other name, listing these.
 */
import { DEFAULT_CONFIG_RULE_SET } from '../config/model';

export interface ManagedRule {
  /** The AWS managed rule identifier. */
  readonly identifier: string;
  /**
   * The rule checks account-wide (IAM, root user) or multi-region settings: evaluate it once, in the
   * region that records global resources, rather than once per region.
   */
  readonly global?: boolean;
  /** Parameters of the rule, as AWS Config expects them (all values are strings). */
  readonly inputParameters?: Readonly<Record<string, string>>;
  /** Resource types of a change-triggered rule; a rule without them is periodic (evaluated daily). */
  readonly resourceTypes?: readonly string[];
  readonly description: string;
}

export const MANAGED_RULES: Readonly<Record<string, ManagedRule>> = {
  'access-keys-rotated': { identifier: 'ACCESS_KEYS_ROTATED', global: true, inputParameters: { maxAccessKeyAge: '90' }, description: 'IAM access keys are rotated within 90 days' },
  'cloudtrail-enabled': { identifier: 'CLOUD_TRAIL_ENABLED', global: true, description: 'A CloudTrail trail logs this account' },
  'cmk-backing-key-rotation-enabled': { identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED', description: 'Customer managed KMS keys rotate' },
  'ebs-encryption-by-default': { identifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT', description: 'New EBS volumes are encrypted by default' },
  'ec2-imdsv2-check': { identifier: 'EC2_IMDSV2_CHECK', resourceTypes: ['AWS::EC2::Instance'], description: 'EC2 instances require IMDSv2' },
  'encrypted-volumes': { identifier: 'ENCRYPTED_VOLUMES', resourceTypes: ['AWS::EC2::Volume'], description: 'Attached EBS volumes are encrypted' },
  'iam-password-policy': {
    identifier: 'IAM_PASSWORD_POLICY',
    global: true,
    inputParameters: {
      MaxPasswordAge: '90',
      MinimumPasswordLength: '14',
      PasswordReusePrevention: '24',
      RequireLowercaseCharacters: 'true',
      RequireNumbers: 'true',
      RequireSymbols: 'true',
      RequireUppercaseCharacters: 'true',
    },
    description: 'The account password policy meets the landing-zone policy',
  },
  'iam-root-access-key-check': { identifier: 'IAM_ROOT_ACCESS_KEY_CHECK', global: true, description: 'The root user has no access keys' },
  'kms-cmk-not-scheduled-for-deletion': { identifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION', resourceTypes: ['AWS::KMS::Key'], description: 'No KMS key is scheduled for deletion' },
  'mfa-enabled-for-iam-console-access': { identifier: 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS', global: true, description: 'IAM users with a console password have MFA' },
  'multi-region-cloudtrail-enabled': { identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED', global: true, description: 'A multi-region CloudTrail trail logs this account' },
  'rds-instance-public-access-check': { identifier: 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', resourceTypes: ['AWS::RDS::DBInstance'], description: 'RDS instances are not publicly accessible' },
  'rds-storage-encrypted': { identifier: 'RDS_STORAGE_ENCRYPTED', resourceTypes: ['AWS::RDS::DBInstance'], description: 'RDS storage is encrypted' },
  'restricted-common-ports': { identifier: 'RESTRICTED_INCOMING_TRAFFIC', resourceTypes: ['AWS::EC2::SecurityGroup'], description: 'Security groups do not open common ports to 0.0.0.0/0' },
  'restricted-ssh': { identifier: 'INCOMING_SSH_DISABLED', resourceTypes: ['AWS::EC2::SecurityGroup'], description: 'Security groups do not open SSH to 0.0.0.0/0' },
  'root-account-mfa-enabled': { identifier: 'ROOT_ACCOUNT_MFA_ENABLED', global: true, description: 'The root user has MFA' },
  's3-account-level-public-access-blocks': { identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', global: true, description: 'S3 public access is blocked at account level' },
  's3-bucket-public-read-prohibited': { identifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED', resourceTypes: ['AWS::S3::Bucket'], description: 'No S3 bucket allows public read' },
  's3-bucket-public-write-prohibited': { identifier: 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED', resourceTypes: ['AWS::S3::Bucket'], description: 'No S3 bucket allows public write' },
  's3-bucket-server-side-encryption-enabled': { identifier: 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', resourceTypes: ['AWS::S3::Bucket'], description: 'S3 buckets encrypt by default' },
  's3-bucket-ssl-requests-only': { identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY', resourceTypes: ['AWS::S3::Bucket'], description: 'S3 bucket policies deny plain HTTP' },
  'vpc-default-security-group-closed': { identifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', resourceTypes: ['AWS::EC2::SecurityGroup'], description: 'Default security groups allow no traffic' },
  'vpc-flow-logs-enabled': { identifier: 'VPC_FLOW_LOGS_ENABLED', description: 'Every VPC has flow logs' },
};

/** The built-in rule set, used where no OU names another. */
export const BASELINE_RULE_SET: readonly string[] = [
  'encrypted-volumes',
  's3-bucket-public-read-prohibited',
  's3-bucket-public-write-prohibited',
  's3-bucket-server-side-encryption-enabled',
  'root-account-mfa-enabled',
  'iam-password-policy',
  'vpc-flow-logs-enabled',
  'vpc-default-security-group-closed',
  'kms-cmk-not-scheduled-for-deletion',
  'cloudtrail-enabled',
  'restricted-ssh',
];

/** The rule names of a set: the organization's definition, or the built-in baseline. */
export function ruleSetRules(ruleSets: Readonly<Record<string, readonly string[]>> | undefined, name: string): readonly string[] {
  return ruleSets?.[name] ?? (name === DEFAULT_CONFIG_RULE_SET ? BASELINE_RULE_SET : []);
}
