/**
 * AWS's policy evaluation logic for one request, as documented in the IAM User Guide ("Policy
 * evaluation logic" and "Cross-account policy evaluation logic"):
 * 1. an explicit Deny in any applicable policy decides;
 * 2. every SCP level down the principal's OU path must allow (the management account is not
 *    bound), and every RCP level down the resource's OU path (RCPs name "*" as principal, so they
 *    are read like SCPs: action, resource and conditions);
 * 3. the resource policy and the identity policies grant, as the resource kind requires;
 * 4. a permissions boundary, when set, must allow too, except for what a resource policy of the
 *    same account grants to an IAM user's ARN or to a role session (a wildcard principal).
 * A resource policy's Deny with NotPrincipal denies every caller that has a permissions boundary.
 * Anything not allowed is an implicit deny.
 */
import type { Json } from '../document';
import { statementsOf } from '../model';
import { statementApplies, strongerMatch, type PrincipalMatch, type StatementOptions } from './statement';
import type { Decision, EvaluationRequest, PolicySet } from './request';

const PRINCIPAL_SIDE: StatementOptions = { resourcePolicy: false, resourceRequired: true };

interface Verdict {
  readonly allow: PrincipalMatch;
  readonly deny: boolean;
}

function verdict(policies: readonly Json[], request: EvaluationRequest, options: StatementOptions): Verdict {
  let allow: Verdict['allow'] = 'none';
  let deny = false;
  for (const policy of policies) {
    for (const s of statementsOf(policy)) {
      const applies = statementApplies(s, request, options);
      if (!applies) continue;
      const effect = (s as { Effect?: Json }).Effect;
      if (effect === 'Deny') deny = true;
      else if (effect === 'Allow') allow = strongerMatch(allow, applies);
    }
  }
  return { allow, deny };
}

/** Whether the caller is an IAM user (not a role session). */
export function isUserArn(arn: string): boolean {
  return /^arn:aws[\w-]*:iam::\d{12}:user\//.test(arn);
}

export function evaluate(request: EvaluationRequest, policies: PolicySet): Decision {
  const kind = policies.resourcePolicyKind ?? 'default';
  const scpLevels = (policies.serviceControlPolicies ?? []).map((level) => verdict(level, request, PRINCIPAL_SIDE));
  const rcpLevels = (policies.resourceControlPolicies ?? []).map((level) => verdict(level, request, PRINCIPAL_SIDE));
  const boundary = policies.permissionsBoundary === undefined ? undefined : verdict([policies.permissionsBoundary], request, PRINCIPAL_SIDE);
  const identity = verdict(policies.identityPolicies, request, PRINCIPAL_SIDE);
  const resource =
    policies.resourcePolicy === undefined
      ? undefined
      : verdict([policies.resourcePolicy], request, {
          resourcePolicy: true,
          resourceRequired: kind !== 'role-trust',
          principalHasBoundary: policies.permissionsBoundary !== undefined,
        });

  if (scpLevels.some((v) => v.deny) || rcpLevels.some((v) => v.deny) || boundary?.deny || identity.deny || resource?.deny) return 'ExplicitDeny';
  if (scpLevels.some((v) => v.allow === 'none') || rcpLevels.some((v) => v.allow === 'none')) return 'ImplicitDeny';

  const boundaryAllows = boundary === undefined || boundary.allow !== 'none';
  const identityAllows = identity.allow !== 'none';
  const resourceGrant = resource?.allow ?? 'none';
  const sameAccount = request.principal.account === request.resource.account;

  if (!sameAccount) {
    return identityAllows && boundaryAllows && resourceGrant !== 'none' ? 'Allow' : 'ImplicitDeny';
  }
  // Within an account a grant to an IAM user's ARN or to the session is final; a grant to the
  // role ARN is still bounded ("Policy evaluation logic", resource-based policies).
  if (resourceGrant === 'session') return 'Allow';
  if (resourceGrant === 'direct') return boundaryAllows || isUserArn(request.principal.arn) ? 'Allow' : 'ImplicitDeny';
  if (kind !== 'default') {
    // A key policy or trust policy must name the caller, or trust the account and let IAM decide.
    return resourceGrant === 'account' && identityAllows && boundaryAllows ? 'Allow' : 'ImplicitDeny';
  }
  return identityAllows && boundaryAllows ? 'Allow' : 'ImplicitDeny';
}
