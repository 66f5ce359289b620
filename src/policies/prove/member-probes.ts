/**
 * Shared by the landing-zone hardening proofs: who in a member account could break a guardrail
 * (every role the model records, and an administrator no SCP exempts), and callers the model holds
 * no role for (an account's root user, a principal of the management or audit account).
 */
import { ANY_PRINCIPAL_ROLE, principalsOf, type AccessRequest, type ModelPrincipal } from '../evaluate/access';
import type { Json } from '../document';
import type { ModelAccount, PolicyModel } from '../model';
import type { Probe } from './check';

export const ADMINISTRATOR: Json = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** Principals of member accounts, without the roles named in `exceptRoles` (exempt by design). */
export function memberPrincipals(model: PolicyModel, exceptRoles: readonly string[] = []): ModelPrincipal[] {
  return principalsOf(model).filter(
    (p) => !p.outside && p.account.kind !== 'management' && !exceptRoles.some((r) => p.arn.endsWith(`:role/${r}`)),
  );
}

/** Member accounts of the organization (every account but the management account). */
export function memberAccounts(model: PolicyModel): ModelAccount[] {
  return model.accounts.filter((a) => a.kind !== 'management');
}

/** Whether a principal is the named landing-zone role (at the root path). */
export function isRole(principal: ModelPrincipal, roleName: string): boolean {
  return principal.arn.endsWith(`:role/${roleName}`);
}

/**
 * A principal the model records no policies for: `arn` in `account`, with administrator rights in
 * its own account, bound by the account's SCPs as any principal there is.
 */
export function callerAs(account: ModelAccount, arn: string, label: string): ModelPrincipal {
  return { key: `caller:${arn}`, label, account, arn, identityPolicies: [ADMINISTRATOR] };
}

/** An administrator of an account that is not any role a guardrail names. */
export function otherAdministrator(account: ModelAccount): ModelPrincipal {
  return callerAs(account, `arn:aws:iam::${account.id}:role/${ANY_PRINCIPAL_ROLE}`, `any other principal in ${account.name}`);
}

/** Every request of `requests(principal)` for every principal. */
export function probesFor(principals: readonly ModelPrincipal[], requests: (p: ModelPrincipal) => AccessRequest[]): Probe[] {
  return principals.flatMap((principal) => requests(principal).map((request) => ({ principal, request })));
}
