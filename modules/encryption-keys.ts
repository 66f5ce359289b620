/**
 * Customer managed KMS keys of one account, one per purpose in each region the account uses.
 * Every key rotates yearly, waits 30 days before deletion, cannot be destroyed by a plan, and has a
 * policy that lets only the account's own roles use it: the account root appears only together with
 * a condition on the calling role, and no statement grants `kms:*`.
 *
 * Whoever applies the keys administers them too (the caller's role, user or root, read at apply time),
 * so an administrator applying by hand, or the pipeline, is never locked out of a key it created.
 */
import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { keyAlias, keyStandInArn } from '../src/contract/names';
import { minified, type Json } from '../src/policies/document';
import { recordPolicy } from '../src/policies/registry';
import { applierArn } from './applier';
import { terraformPolicy } from './terraform-literal';

/** What the account's roles may do with a key: use it, and let AWS services use it for them. */
export const KEY_USE_ACTIONS: readonly string[] = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];

/** Key administration without use: administrators cannot read data through the key policy alone. */
export const KEY_ADMIN_ACTIONS: readonly string[] = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/**
 * What the recorded key policy shows where the Terraform policy names the principal that applies it
 * (known only at apply time): not an ARN any principal has, so the evaluator grants it nothing.
 */
export function applierStandIn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/<the principal that applies this stack>`;
}

/** A grant to an AWS service principal, with the conditions that tie it to this organization or account. */
export interface ServiceKeyGrant {
  readonly sid: string;
  /** The service principal, e.g. `cloudtrail.amazonaws.com`; may depend on the region. */
  readonly service: (region: string) => string;
  readonly actions: readonly string[];
  readonly condition: (region: string) => Json;
}

export interface KeyPurpose {
  /** The purpose, e.g. `data`; names the alias `alias/landing-zone/<purpose>` and the construct ids. */
  readonly name: string;
  readonly description: string;
  /** Services that use the key on their own behalf (CloudWatch Logs, CloudTrail). @default - none */
  readonly services?: readonly ServiceKeyGrant[];
  /**
   * Actions that only these roles of the account may call on the key: the key policy denies them to
   * every other principal, administrators of the key included (the log keys: disabling or deleting
   * them would make the logs unreadable). @default - no action is reserved
   */
  readonly reservedTo?: { readonly roleNames: readonly string[]; readonly actions: readonly string[] };
}

/** What would make a key's data unreadable or its protection removable. */
export const KEY_PROTECTION_ACTIONS: readonly string[] = [
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
];

export interface EncryptionKeysProps {
  /** The account name, for records and descriptions. */
  readonly accountName: string;
  readonly accountId: string;
  /** Regions to create every key in; a KMS key lives in one region. */
  readonly regions: readonly string[];
  readonly purposes: readonly KeyPurpose[];
  /**
   * Roles of this account that administer the keys (not use them): the role the landing zone deploys
   * with, and the break-glass role. Names only; they are matched by ARN in a condition, so a role
   * that does not exist yet does not make the policy invalid.
   */
  readonly adminRoleNames: readonly string[];
  /** Resources that must exist first. @default - none */
  readonly dependsOn?: ITerraformDependable[];
  /** The provider of the account, when it is not the stack's default. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/** The CloudWatch Logs grant a logs key needs, scoped to log groups of this account and region. */
export function cloudWatchLogsGrant(accountId: string): ServiceKeyGrant {
  return {
    sid: 'CloudWatchLogsOfThisAccount',
    service: (region) => `logs.${region}.amazonaws.com`,
    actions: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
    condition: (region) => ({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:log-group:*` } }),
  };
}

export class EncryptionKeys extends Construct {
  private readonly keys = new Map<string, KmsKey>();

  constructor(scope: Construct, id: string, readonly props: EncryptionKeysProps) {
    super(scope, id);
    if (!props.adminRoleNames.length) throw new Error('internal: EncryptionKeys needs at least one administrator role');
    const applier: readonly [string, string] = [applierStandIn(props.accountId), applierArn(this, 'applier', props.provider)];
    for (const purpose of props.purposes) {
      for (const region of props.regions) {
        const policy = this.keyPolicy(purpose, region);
        const standIn = keyStandInArn(region, props.accountId, purpose.name);
        recordPolicy(this, {
          name: `key-${purpose.name}-${region}`,
          kind: 'key-policy',
          document: policy,
          attachedTo: [`key:${props.accountName}/${purpose.name}`],
          arns: [standIn],
          account: props.accountName,
        });
        const key = new KmsKey(this, `${purpose.name}-${region}`, {
          provider: props.provider,
          region,
          description: `${purpose.description} (${props.accountName}, ${region})`,
          enableKeyRotation: true,
          rotationPeriodInDays: 365,
          deletionWindowInDays: 30,
          policy: terraformPolicy(minified(policy), [applier]),
          dependsOn: props.dependsOn,
          lifecycle: { preventDestroy: true },
        });
        new KmsAlias(this, `${purpose.name}-${region}-alias`, { provider: props.provider, region, name: keyAlias(purpose.name), targetKeyId: key.keyId });
        this.keys.set(`${purpose.name}/${region}`, key);
      }
    }
  }

  key(purpose: string, region: string): KmsKey {
    const key = this.keys.get(`${purpose}/${region}`);
    if (!key) throw new Error(`internal: no ${purpose} key in ${region} for ${this.props.accountName}`);
    return key;
  }

  private keyPolicy(purpose: KeyPurpose, region: string): Json {
    const { accountId } = this.props;
    const root = `arn:aws:iam::${accountId}:root`;
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AdministerByLandingZoneRoles',
          Effect: 'Allow',
          Principal: { AWS: root },
          Action: [...KEY_ADMIN_ACTIONS],
          Resource: '*',
          Condition: {
            ArnEquals: {
              'aws:PrincipalArn': [...this.props.adminRoleNames.map((n) => `arn:aws:iam::${accountId}:role/${n}`), applierStandIn(accountId)],
            },
          },
        },
        {
          Sid: 'UseByRolesOfThisAccount',
          Effect: 'Allow',
          Principal: { AWS: root },
          Action: [...KEY_USE_ACTIONS],
          Resource: '*',
          Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${accountId}:role/*` } },
        },
        {
          Sid: 'GrantsForAwsResourcesOfThisAccount',
          Effect: 'Allow',
          Principal: { AWS: root },
          Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
          Resource: '*',
          Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${accountId}:role/*` }, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        },
        ...(purpose.services ?? []).map((grant) => ({
          Sid: grant.sid,
          Effect: 'Allow',
          Principal: { Service: grant.service(region) },
          Action: [...grant.actions],
          Resource: '*',
          Condition: grant.condition(region),
        })),
        ...(purpose.reservedTo
          ? [
              {
                Sid: 'DenyProtectionChangesToOthers',
                Effect: 'Deny',
                Principal: '*',
                Action: [...purpose.reservedTo.actions],
                Resource: '*',
                Condition: { ArnNotEquals: { 'aws:PrincipalArn': purpose.reservedTo.roleNames.map((n) => `arn:aws:iam::${accountId}:role/${n}`) } },
              },
            ]
          : []),
      ],
    };
  }
}
