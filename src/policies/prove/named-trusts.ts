/**
 * Trusts as narrow as their reasons: the break-glass role of every member account trusts the named
 * principals of the management account (config `breakGlassPrincipals`), with recent MFA, and no
 * other principal there; the audit role of every account trusts the auditor role of the audit
 * account and no other role there. Each trust is also asked to let its named principal in, so the
 * proof fails when a trust locks everybody out as much as when it lets too many in.
 */
import type { AccessRequest, ModelPrincipal } from '../evaluate/access';
import { breakGlassPrincipals, coreAccount } from '../../config/model';
import { accountNamed, type ModelRole, type PolicyModel } from '../model';
import { check, type Probe } from './check';
import { callerAs, otherAdministrator } from './member-probes';
import { principalsOf } from '../evaluate/access';
import type { Proof } from './proof';

const RECENT_MFA = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '300' } as const;

function assume(model: PolicyModel, role: ModelRole, context: Record<string, string> = {}): AccessRequest {
  const owner = accountNamed(model, role.account)!;
  return {
    action: 'sts:AssumeRole',
    resource: role.arn,
    resourceAccount: owner.id,
    region: model.lz.organization.homeRegion,
    // The evaluator does not fill aws:ResourceOrgID; every role here belongs to the organization.
    context: { 'aws:ResourceOrgID': model.organizationId, ...context },
  };
}

/** A concrete principal for a configured `user/...` or `role/...`, a wildcard standing for any name. */
function namedPrincipalArn(accountId: string, principal: string): string {
  return `arn:aws:iam::${accountId}:${principal.replace(/\*/g, 'oncall')}`;
}

export const trustsNameTheirPrincipals: Proof = {
  id: 'trusts-name-their-principals',
  claim:
    'only the named principals of the management account, with recent MFA, can assume a break-glass role; only the auditor role of the audit account can assume an audit role',
  run: (model: PolicyModel) => {
    const { roles } = model.lz;
    const probes: Probe[] = [];
    const management = accountNamed(model, model.lz.organization.managementAccount.name)!;
    const audit = accountNamed(model, coreAccount(model.lz, 'audit').name)!;
    const named = breakGlassPrincipals(model.lz).map((p) => callerAs(management, namedPrincipalArn(management.id, p), `${p} in ${management.name}`));
    const auditor = principalsOf(model).find((p) => p.account.name === audit.name && p.arn.endsWith(`:role/${roles.auditor}`));

    for (const role of model.roles.filter((r) => r.trustPolicy)) {
      if (role.name === roles.breakGlass) {
        probes.push({ principal: otherAdministrator(management), request: assume(model, role, RECENT_MFA) });
        for (const principal of named) {
          probes.push({ principal, request: assume(model, role, RECENT_MFA), expect: 'Allow' });
          probes.push({ principal, request: assume(model, role) });
        }
      }
      if (role.name === roles.audit) {
        probes.push({ principal: otherAdministrator(audit), request: assume(model, role) });
        const entry: ModelPrincipal = auditor ?? callerAs(audit, `arn:aws:iam::${audit.id}:role/${roles.auditor}`, `${roles.auditor} in ${audit.name} (not in the model)`);
        probes.push({ principal: entry, request: assume(model, role), expect: 'Allow' });
      }
    }
    return check(model, trustsNameTheirPrincipals.id, trustsNameTheirPrincipals.claim, probes);
  },
};
