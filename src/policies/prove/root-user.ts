/**
 * The root user of every member account can do nothing: the deny-root-user SCP must bind every
 * member account, wherever it sits in the OU tree. The root user's rights inside its account are
 * unlimited, so only the SCPs stand between it and these requests.
 */
import type { AccessRequest } from '../evaluate/access';
import { accountWithId, type PolicyModel } from '../model';
import { check, type Probe } from './check';
import { callerAs, memberAccounts } from './member-probes';
import type { Proof } from './proof';

/** What a root user would do with stolen credentials: act, persist, exfiltrate, cover tracks. */
export const ROOT_USER_ACTIONS: readonly { action: string; resource: string; global?: boolean }[] = [
  { action: 'iam:CreateUser', resource: 'arn:aws:iam::{account}:user/example', global: true },
  { action: 'iam:CreateAccessKey', resource: 'arn:aws:iam::{account}:user/example', global: true },
  { action: 'iam:UpdateAssumeRolePolicy', resource: 'arn:aws:iam::{account}:role/example', global: true },
  { action: 'ec2:RunInstances', resource: 'arn:aws:ec2:{region}:{account}:instance/*' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::example-{account}/data' },
  { action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::example-{account}' },
  { action: 'kms:ScheduleKeyDeletion', resource: 'arn:aws:kms:{region}:{account}:key/example' },
  { action: 'cloudtrail:StopLogging', resource: 'arn:aws:cloudtrail:{region}:{account}:trail/example' },
  { action: 'config:StopConfigurationRecorder', resource: '*' },
  { action: 'account:PutAlternateContact', resource: '*', global: true },
];

export const rootUserDenied: Proof = {
  id: 'root-user-denied',
  claim: 'the root user of every member account can do nothing',
  run: (model: PolicyModel) => {
    const probes: Probe[] = [];
    for (const account of memberAccounts(model)) {
      const principal = callerAs(accountWithId(model, account.id)!, `arn:aws:iam::${account.id}:root`, `the root user of ${account.name}`);
      for (const a of ROOT_USER_ACTIONS) {
        const region = a.global ? 'us-east-1' : model.lz.organization.homeRegion;
        const request: AccessRequest = {
          action: a.action,
          resource: a.resource.replace(/\{account\}/g, account.id).replace(/\{region\}/g, region),
          resourceAccount: account.id,
          region,
          context: { 'aws:PrincipalType': 'Account' },
        };
        probes.push({ principal, request });
      }
    }
    return check(model, rootUserDenied.id, rootUserDenied.claim, probes);
  },
};
