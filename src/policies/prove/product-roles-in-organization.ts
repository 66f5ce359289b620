/**
 * No product role (a role under /product/, which the deploy role creates) is assumable from outside
 * the organization: for each one the stacks record, an administrator of an account outside the
 * organization (holding every external id the trust expects) and of every outside account the
 * trust names is asked to assume it, and a trust that lets in a web identity or SAML provider is
 * named, since such callers carry no organization id either.
 *
 * What this cannot see: a role the deploy role creates at run time outside any reviewed stack. IAM
 * offers no condition key on the contents of a trust policy, so no SCP or boundary can refuse such a
 * trust when it is written; a resource control policy on sts:AssumeRole* would refuse it when it
 * is used (see README, "What is and is not enforced").
 */
import { ANY_PRINCIPAL_ROLE, decide, outsideAccounts, type ModelPrincipal } from '../evaluate/access';
import { PRODUCT_ROLE_PATH } from '../../contract/names';
import { asObject, stringList } from '../evaluate/statement';
import { accountNamed, statementsOf, type PolicyModel } from '../model';
import { ADMINISTRATOR } from './member-probes';
import type { Proof, ProofResult } from './proof';
import { OUTSIDE_ACCOUNT } from './trust';

function outsider(id: string): ModelPrincipal {
  return {
    key: `outside:${id}`,
    label: `any principal in account ${id} (outside the organization)`,
    account: { name: id, id, pending: false, kind: 'product', ou: '' },
    arn: `arn:aws:iam::${id}:role/${ANY_PRINCIPAL_ROLE}`,
    identityPolicies: [ADMINISTRATOR],
    outside: true,
  };
}

export const productRolesStayInTheOrganization: Proof = {
  id: 'product-roles-stay-in-the-organization',
  claim: 'no product role (under /product/) can be assumed from outside the organization',
  run: (model: PolicyModel): ProofResult => {
    const id = productRolesStayInTheOrganization.id;
    const claim = productRolesStayInTheOrganization.claim;
    const callers = [...new Set([OUTSIDE_ACCOUNT, ...outsideAccounts(model)])].map(outsider);
    const counterexamples: string[] = [];
    let checked = 0;
    for (const role of model.roles.filter((r) => r.trustPolicy && r.arn.includes(`:role${PRODUCT_ROLE_PATH}`))) {
      const owner = accountNamed(model, role.account)!;
      for (const action of ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML']) {
        for (const caller of callers) {
          checked++;
          const request = { action, resource: role.arn, resourceAccount: owner.id, region: model.lz.organization.homeRegion };
          if (decide(model, caller, request) === 'Allow') counterexamples.push(`${caller.label} may ${action} on ${role.arn} in ${request.region}`);
        }
      }
      for (const s of statementsOf(role.trustPolicy!.document)) {
        const st = asObject(s);
        if (!st || st.Effect !== 'Allow') continue;
        checked++;
        for (const provider of stringList(asObject(st.Principal)?.Federated)) {
          counterexamples.push(`${role.arn} trusts the identity provider ${provider}, whose callers are outside the organization (${role.trustPolicy!.id})`);
        }
      }
    }
    return { id, claim, status: checked === 0 ? 'vacuous' : counterexamples.length ? 'fails' : 'holds', checked, counterexamples };
  },
};
