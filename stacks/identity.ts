/**
 * Stack 5, in the management account: human access through IAM Identity Center. Four permission
 * sets (read-only, developer, operator, break-glass) with session lengths from config; developer
 * and operator carry the product permissions boundary every member account's baseline creates, so
 * people are bounded like the roles the deploy role creates. Directory groups are assigned to
 * accounts as `identityCenter.assignments` says; each group is looked up by its display name.
 */
import type { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { DataAwsIdentitystoreGroup } from '@cdktf/provider-aws/lib/data-aws-identitystore-group';
import { DataAwsSsoadminInstances } from '@cdktf/provider-aws/lib/data-aws-ssoadmin-instances';
import { SsoadminAccountAssignment } from '@cdktf/provider-aws/lib/ssoadmin-account-assignment';
import { SsoadminManagedPolicyAttachment } from '@cdktf/provider-aws/lib/ssoadmin-managed-policy-attachment';
import { SsoadminPermissionSet } from '@cdktf/provider-aws/lib/ssoadmin-permission-set';
import { SsoadminPermissionsBoundaryAttachment } from '@cdktf/provider-aws/lib/ssoadmin-permissions-boundary-attachment';
import type { LandingZone } from '../src/config/model';
import { accountIdOf } from '../src/config/lock';
import { BOUNDED_PERMISSION_SETS, resolveAssignments } from '../src/config/identity-assignments';
import { PERMISSION_SET_NAMES } from '../src/config/schema';
import { sessionHours, type PermissionSetName } from '../src/config/security-settings';
import { PRODUCT_BOUNDARY_NAME, PRODUCT_BOUNDARY_PATH, PRODUCT_ROLE_PATH } from '../src/contract/names';
import { minified, type Json } from '../src/policies/document';
import { recordPolicy } from '../src/policies/registry';
import { SsoadminPermissionSetInlinePolicy } from '@cdktf/provider-aws/lib/ssoadmin-permission-set-inline-policy';
import { LzError } from '../src/errors';
import { addressName, LandingZoneStack, terraformLiteral } from './landing-zone-stack';

/** What each permission set grants: AWS managed job-function policies, narrowed by the boundary where it applies. */
export const PERMISSION_SETS: Readonly<Record<PermissionSetName, { readonly description: string; readonly managedPolicies: readonly string[] }>> = {
  'read-only': { description: 'Read everything, change nothing', managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
  developer: { description: 'Build and run product workloads, under the product boundary', managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'] },
  operator: {
    description: 'Operate product workloads and their /product/ roles, under the product boundary',
    managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'],
  },
  'break-glass': { description: 'Emergency administration; every use alerts the security team', managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
};

/** The operator's IAM: the product roles and policies under /product/, and passing them to services. */
export function operatorIamPolicy(): Json {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ManageProductRolesAndPolicies',
        Effect: 'Allow',
        Action: [
          'iam:AttachRolePolicy', 'iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:CreateRole', 'iam:DeletePolicy', 'iam:DeletePolicyVersion',
          'iam:DeleteRole', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:PassRole', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy',
          'iam:TagRole', 'iam:UntagRole', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole',
        ],
        Resource: [`arn:aws:iam::*:role${PRODUCT_ROLE_PATH}*`, `arn:aws:iam::*:policy${PRODUCT_ROLE_PATH}*`],
      },
    ],
  };
}

export class IdentityStack extends LandingZoneStack {
  constructor(scope: Construct, lz: LandingZone) {
    super(scope, 'identity', lz);
    const { assignments, problems } = resolveAssignments(lz);
    if (problems.length) throw new LzError(problems);
    this.provider({ account: lz.organization.managementAccount.name, region: lz.organization.homeRegion });

    const instances = new DataAwsSsoadminInstances(this, 'instances');
    const instanceArn = Fn.element(Fn.tolist(instances.arns), 0);
    const identityStoreId = Fn.element(Fn.tolist(instances.identityStoreIds), 0);

    const sets = new Map<PermissionSetName, SsoadminPermissionSet>();
    for (const name of PERMISSION_SET_NAMES) {
      const spec = PERMISSION_SETS[name];
      const set = new SsoadminPermissionSet(this, `permission-set-${name}`, {
        instanceArn,
        name: `LandingZone-${name}`,
        description: spec.description,
        sessionDuration: `PT${sessionHours(lz, name)}H`,
      });
      sets.set(name, set);
      for (const policy of spec.managedPolicies) {
        new SsoadminManagedPolicyAttachment(this, `permission-set-${name}-${policy.split('/').pop()}`, {
          instanceArn,
          permissionSetArn: set.arn,
          managedPolicyArn: policy,
        });
      }
      if (name === 'operator') {
        // Not IAMFullAccess: only the roles and policies products own, which the boundary then bounds.
        const document = operatorIamPolicy();
        recordPolicy(this, { name: 'permission-set-operator-iam', kind: 'identity-policy', document, attachedTo: ['permission-set:operator'] });
        new SsoadminPermissionSetInlinePolicy(this, 'permission-set-operator-iam', { instanceArn, permissionSetArn: set.arn, inlinePolicy: terraformLiteral(minified(document)) });
      }
      if (BOUNDED_PERMISSION_SETS.includes(name)) {
        new SsoadminPermissionsBoundaryAttachment(this, `permission-set-${name}-boundary`, {
          instanceArn,
          permissionSetArn: set.arn,
          permissionsBoundary: { customerManagedPolicyReference: { name: PRODUCT_BOUNDARY_NAME, path: PRODUCT_BOUNDARY_PATH } },
        });
      }
    }

    const groups = new Map<string, DataAwsIdentitystoreGroup>();
    for (const name of [...new Set(assignments.map((a) => a.group))].sort()) {
      groups.set(
        name,
        new DataAwsIdentitystoreGroup(this, `group-${addressName(name)}`, {
          identityStoreId,
          alternateIdentifier: { uniqueAttribute: { attributePath: 'DisplayName', attributeValue: name } },
        }),
      );
    }
    for (const a of assignments) {
      new SsoadminAccountAssignment(this, `assignment-${addressName(a.group)}-${a.permissionSet}-${a.account}`, {
        instanceArn,
        permissionSetArn: sets.get(a.permissionSet)!.arn,
        principalType: 'GROUP',
        principalId: groups.get(a.group)!.groupId,
        targetType: 'AWS_ACCOUNT',
        targetId: accountIdOf(lz, a.account),
      });
    }
  }
}
