/**
 * The bootstrap role (OrganizationAccountAccessRole) is exempt from the protective SCPs and the
 * baselines run as it, so nothing in a member account may change it, rewrite its trust, assume it
 * or hand it to a service: not the break-glass role (`iam:*`), not the deploy role, not an
 * administrator. Organizations creates it trusting the management account, whose principals SCPs
 * do not bind; who there may use it is IAM's decision in the management account.
 *
 * Each caller is asked about the bootstrap role of its own account, the case where no trust policy
 * stands in the way and only the SCPs decide.
 */
import type { PolicyModel } from '../model';
import { check } from './check';
import { isRole, memberPrincipals, probesFor } from './member-probes';
import type { Proof } from './proof';

/** Every way to change a role other than creating it (creating it again fails while it exists). */
export const ROLE_CHANGE_ACTIONS: readonly string[] = [
  'iam:AttachRolePolicy',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
];

const USE_ACTIONS: readonly string[] = ['sts:AssumeRole', 'iam:PassRole'];

export const bootstrapRoleProtected: Proof = {
  id: 'bootstrap-role-protected',
  claim: 'no member account principal can change, assume or pass the bootstrap role; only the role itself may change it',
  run: (model: PolicyModel) => {
    const bootstrap = model.lz.roles.bootstrap;
    const probes = probesFor(memberPrincipals(model), (principal) => {
      const resource = `arn:aws:iam::${principal.account.id}:role/${bootstrap}`;
      const actions = isRole(principal, bootstrap) ? USE_ACTIONS : [...ROLE_CHANGE_ACTIONS, ...USE_ACTIONS];
      return actions.map((action) => ({ action, resource, resourceAccount: principal.account.id, region: model.lz.organization.homeRegion }));
    });
    return check(model, bootstrapRoleProtected.id, bootstrapRoleProtected.claim, probes);
  },
};
