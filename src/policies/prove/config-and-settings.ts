/**
 * AWS Config and the account's security settings change only through the landing zone: no member
 * account principal but the bootstrap role (which the baselines run as) can reconfigure or stop the
 * recorder, its delivery channel, rules or retention; turn off EBS default encryption or change its
 * key; change the IMDS defaults, the S3 account public access block or the password policy; or
 * write or delete the Parameter Store contract under /landing-zone/. The deploy role is no
 * exception: product stacks never need any of it.
 */
import { BASELINE_PARAMETERS } from '../../contract/parameters';
import type { PolicyModel } from '../model';
import { check } from './check';
import { memberPrincipals, probesFor } from './member-probes';
import type { Proof } from './proof';

export const CONFIG_CHANGES: readonly string[] = [
  'config:DeleteConfigRule',
  'config:DeleteConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'config:DeleteRetentionConfiguration',
  'config:PutConfigRule',
  'config:PutConfigurationRecorder',
  'config:PutDeliveryChannel',
  'config:PutRetentionConfiguration',
  'config:StopConfigurationRecorder',
];

export const ACCOUNT_SETTING_CHANGES: readonly { action: string; global?: boolean }[] = [
  { action: 'ec2:DisableEbsEncryptionByDefault' },
  { action: 'ec2:ModifyEbsDefaultKmsKeyId' },
  { action: 'ec2:ResetEbsDefaultKmsKeyId' },
  { action: 'ec2:ModifyInstanceMetadataDefaults' },
  { action: 's3:PutAccountPublicAccessBlock', global: true },
  { action: 'iam:UpdateAccountPasswordPolicy', global: true },
  { action: 'iam:DeleteAccountPasswordPolicy', global: true },
];

const PARAMETER_CHANGES: readonly string[] = ['ssm:DeleteParameter', 'ssm:LabelParameterVersion', 'ssm:AddTagsToResource'];

export const configAndSettingsProtected: Proof = {
  id: 'config-and-account-settings-protected',
  claim:
    'no member account principal but the bootstrap role can reconfigure AWS Config, change the account security settings (EBS encryption and key, IMDS defaults, S3 public access block, password policy) or the /landing-zone/ parameters',
  run: (model: PolicyModel) => {
    const { allowedRegions, homeRegion } = model.lz.organization;
    const probes = probesFor(memberPrincipals(model, [model.lz.roles.bootstrap]), (p) => {
      const account = p.account.id;
      const regional = allowedRegions.flatMap((region) => [
        ...CONFIG_CHANGES.map((action) => ({ action, resource: '*', resourceAccount: account, region })),
        ...ACCOUNT_SETTING_CHANGES.filter((a) => !a.global).map((a) => ({ action: a.action, resource: '*', resourceAccount: account, region })),
      ]);
      const global = ACCOUNT_SETTING_CHANGES.filter((a) => a.global).map((a) => ({ action: a.action, resource: '*', resourceAccount: account, region: 'us-east-1' }));
      // Parameters are guarded by ARN, whatever the region: every name of the contract is overwritten
      // in the home region, and the other changes are asked of one name.
      const parameter = (name: string) => `arn:aws:ssm:${homeRegion}:${account}:parameter${name}`;
      const parameters = [
        ...Object.values(BASELINE_PARAMETERS).map((d) => ({ action: 'ssm:PutParameter', resource: parameter(d.name), resourceAccount: account, region: homeRegion })),
        ...PARAMETER_CHANGES.map((action) => ({ action, resource: parameter(BASELINE_PARAMETERS.vpcId.name), resourceAccount: account, region: homeRegion })),
      ];
      return [...regional, ...global, ...parameters];
    });
    return check(model, configAndSettingsProtected.id, configAndSettingsProtected.claim, probes);
  },
};
