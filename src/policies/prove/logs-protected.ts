/**
 * "Logs cannot be purged or their protection removed": asked of the real bucket and key policies
 * and SCPs the stacks record. Nobody may delete a log object (or bypass its Object Lock) in the log
 * archive's buckets or the state bucket's access-log bucket; nobody but the account's apply role
 * may change a log bucket's policy, lifecycle, versioning, Object Lock, encryption, logging or
 * replication, or disable, re-policy or schedule the deletion of the log archive's key.
 *
 * Every principal of the bucket's own account is asked (its roles and an administrator no SCP
 * exempts), and an administrator of every other account, who would need the resource policy to
 * let them in.
 */
import { ANY_PRINCIPAL_ROLE, principalsOf, type AccessRequest, type ModelPrincipal } from '../evaluate/access';
import { accountNamed, type ModelResource, type PolicyModel } from '../model';
import { accessLogBucketName, cloudTrailBucketName, keyAlias, LOG_ARCHIVE_KEY_PURPOSE, logArchiveBucketName } from '../../contract/names';
import { check, type Probe } from './check';
import type { Proof } from './proof';

/** Deletes and Object Lock bypass: denied to everyone. */
export const LOG_PURGE_ACTIONS: readonly string[] = ['s3:BypassGovernanceRetention', 's3:DeleteObject', 's3:DeleteObjectVersion'];

/** Changes that would lift a log bucket's protection. */
export const LOG_BUCKET_PROTECTION_ACTIONS: readonly string[] = [
  's3:DeleteBucketPolicy',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketPolicy',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutBucketLogging',
  's3:PutReplicationConfiguration',
];

/** Changes that would make the logs unreadable or lift the key's protection. */
export const LOG_KEY_PROTECTION_ACTIONS: readonly string[] = ['kms:DisableKey', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'];

interface LogResource {
  readonly resource: ModelResource;
  /** The principal ARN allowed to change its protection (not to purge it). */
  readonly applyRoleArn: string;
}

/** The log buckets and key of the model, found by the names the stacks give them. */
export function logResources(model: PolicyModel): LogResource[] {
  const lz = model.lz;
  const logArchive = model.accounts.find((a) => a.kind === 'core' && lz.organization.coreAccounts.logArchive.name === a.name);
  const management = accountNamed(model, lz.organization.managementAccount.name);
  if (!logArchive || !management) return [];
  const inLogArchive = `arn:aws:iam::${logArchive.id}:role/${lz.roles.bootstrap}`;
  const inManagement = `arn:aws:iam::${management.id}:role/${lz.roles.pipeline}`;
  const wanted = new Map<string, string>([
    [`bucket:${logArchiveBucketName(lz, logArchive.id)}`, inLogArchive],
    [`bucket:${cloudTrailBucketName(lz, logArchive.id)}`, inLogArchive],
    [`bucket:${accessLogBucketName(lz, logArchive.id)}`, inLogArchive],
    [`bucket:${accessLogBucketName(lz, management.id)}`, inManagement],
    [`key:${logArchive.name}/${LOG_ARCHIVE_KEY_PURPOSE}`, inLogArchive],
  ]);
  return model.resources.filter((r) => wanted.has(r.target)).map((resource) => ({ resource, applyRoleArn: wanted.get(resource.target)! }));
}

function requests(model: PolicyModel, log: LogResource, principal: ModelPrincipal): AccessRequest[] {
  const { resource } = log;
  const owner = accountNamed(model, resource.account)!;
  const mayChange = principal.arn === log.applyRoleArn;
  if (resource.kind === 'key') {
    const region = resource.arn.split(':')[3];
    const context = { 'kms:ResourceAliases': [keyAlias(LOG_ARCHIVE_KEY_PURPOSE)] };
    return mayChange ? [] : LOG_KEY_PROTECTION_ACTIONS.map((action) => ({ action, resource: resource.arn, resourceAccount: owner.id, region, context }));
  }
  const region = model.lz.organization.homeRegion;
  return [
    ...LOG_PURGE_ACTIONS.map((action) => ({ action, resource: `${resource.arn}/AWSLogs/${owner.id}/example.json.gz`, resourceAccount: owner.id, region })),
    ...(mayChange ? [] : LOG_BUCKET_PROTECTION_ACTIONS.map((action) => ({ action, resource: resource.arn, resourceAccount: owner.id, region }))),
  ];
}

const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** The management account has no SCPs: an administrator there is asked too, as the account's ceiling. */
function managementAdministrator(model: PolicyModel): ModelPrincipal[] {
  const account = accountNamed(model, model.lz.organization.managementAccount.name);
  if (!account) return [];
  return [{ key: `any:${account.name}`, label: `any principal in ${account.name}`, account, arn: `arn:aws:iam::${account.id}:role/${ANY_PRINCIPAL_ROLE}`, identityPolicies: [ADMIN] }];
}

export const logsProtected: Proof = {
  id: 'logs-protected',
  claim: "no principal can purge a log or remove the log buckets' and key's protection; only the apply role may change their protection",
  run: (model) => {
    const logs = logResources(model);
    const principals = [...principalsOf(model), ...managementAdministrator(model)];
    const probes: Probe[] = [];
    for (const log of logs) {
      const ownAccount = log.resource.account;
      for (const principal of principals) {
        // In other accounts, an administrator stands for every principal: only the resource policy could let them in.
        if (principal.account.name !== ownAccount && !principal.key.startsWith('any:') && !principal.outside) continue;
        for (const request of requests(model, log, principal)) probes.push({ principal, request });
      }
    }
    return check(model, logsProtected.id, logsProtected.claim, probes);
  },
};
