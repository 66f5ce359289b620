/**
 * No product role (a role under /product/, which the deploy role creates) is assumable from outside
 * the organization. Two kinds of role are asked about:
 * - each product role the reviewed stacks record, with its real trust policy: an administrator of an
 *   account outside the organization (holding every external id the trust expects) and of every
 *   outside account the trust names, each once in no organization and once in another one, asks to
 *   assume it and tag or name its session, and a caller
 *   signed in through each identity provider the trust names asks by web identity or SAML;
 * - for each class of product account (accounts under the same resource control policies), a probe
 *   role under /product/ whose trust lets in anybody, any outside account and an OIDC and a SAML
 *   provider: the role the deploy role could create at run time outside any reviewed stack. IAM has
 *   no condition key on the contents of a trust policy, so no SCP or boundary can refuse writing such
 *   a trust; what refuses its use is the organization's RCPs (policies/rcp/), evaluated here as AWS
 *   evaluates them for the role's account. A principal of the management account must still be able
 *   to assume the probe role, so an RCP that shuts everybody out does not pass for one that works.
 *
 * Federated callers carry no aws:PrincipalOrgID and no aws:PrincipalIsAWSService (their requests are
 * not signed with AWS credentials): an RCP that exempts AWS services with `Bool` instead of
 * `BoolIfExists` lets them through, and the proof names them.
 */
import { ANY_PRINCIPAL_ROLE, decide, decideOnRole, outsideAccounts, type AccessRequest, type ModelPrincipal } from '../evaluate/access';
import { accountOfArn } from '../evaluate/arn';
import { PRODUCT_ROLE_PATH } from '../../contract/names';
import type { Json } from '../document';
import { asObject, stringList } from '../evaluate/statement';
import { accountNamed, statementsOf, type ModelAccount, type PolicyModel } from '../model';
import { ADMINISTRATOR, callerAs } from './member-probes';
import type { Proof, ProofResult } from './proof';
import { OUTSIDE_ACCOUNT } from './trust';

/** The probe role's name under /product/ in each account class. */
export const PROBE_ROLE = 'lz-probe-trusts-anybody';

/** What a caller from outside may ask of a role besides assuming it. */
const AWS_ACTIONS = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];

/**
 * An outsider's account may belong to no organization (no aws:PrincipalOrgID) or to another one (its
 * own id): an RCP that only refuses callers without the key (`Null`) lets the second kind in.
 */
export const OTHER_ORGANIZATION = 'o-otherorg000';
const OUTSIDE_CONTEXTS: readonly (Readonly<Record<string, string>> | undefined)[] = [undefined, { 'aws:PrincipalOrgID': OTHER_ORGANIZATION }];

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

/** A caller signed in through an identity provider (`arn` is the provider's). */
function federatedCaller(provider: string): ModelPrincipal {
  const id = accountOfArn(provider) ?? OUTSIDE_ACCOUNT;
  return {
    key: `federated:${provider}`,
    label: `a caller signed in through ${provider}`,
    account: { name: id, id, pending: false, kind: 'product', ou: '' },
    arn: provider,
    identityPolicies: [],
    outside: true,
    federated: true,
  };
}

const FEDERATED_ACTION = (provider: string) => (/:saml-provider\//.test(provider) ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity');

/** The trust a role created at run time could have: anybody, an outside account, an OIDC and a SAML provider. */
export function probeTrust(accountId: string): Json {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Anybody', Effect: 'Allow', Principal: { AWS: '*' }, Action: AWS_ACTIONS },
      { Sid: 'OutsideAccount', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OUTSIDE_ACCOUNT}:root` }, Action: AWS_ACTIONS },
      { Sid: 'WebIdentity', Effect: 'Allow', Principal: { Federated: probeProviders(accountId)[0] }, Action: 'sts:AssumeRoleWithWebIdentity' },
      { Sid: 'Saml', Effect: 'Allow', Principal: { Federated: probeProviders(accountId)[1] }, Action: 'sts:AssumeRoleWithSAML' },
    ],
  };
}

function probeProviders(accountId: string): [string, string] {
  return [`arn:aws:iam::${accountId}:oidc-provider/token.example.com`, `arn:aws:iam::${accountId}:saml-provider/example`];
}

/**
 * One product account per class: accounts in the same OU without RCPs of their own are bound by the
 * same RCPs, so one of them answers for all.
 */
function accountClasses(model: PolicyModel): ModelAccount[] {
  const ownRcps = new Set(model.documents.filter((d) => d.kind === 'resource-control-policy').flatMap((d) => d.attachedTo));
  const seen = new Map<string, ModelAccount>();
  for (const a of model.accounts) {
    if (a.kind !== 'product') continue;
    const key = ownRcps.has(`account:${a.name}`) ? `${a.ou}\u0000${a.name}` : a.ou;
    if (!seen.has(key)) seen.set(key, a);
  }
  return [...seen.values()];
}

const inOrganization = (context?: Readonly<Record<string, string>>) => (context ? ` of organization ${context['aws:PrincipalOrgID']}` : '');

export const productRolesStayInTheOrganization: Proof = {
  id: 'product-roles-stay-in-the-organization',
  claim: 'no product role (under /product/) can be assumed from outside the organization, including one the deploy role creates at run time',
  run: (model: PolicyModel): ProofResult => {
    const id = productRolesStayInTheOrganization.id;
    const claim = productRolesStayInTheOrganization.claim;
    const region = model.lz.organization.homeRegion;
    const callers = [...new Set([OUTSIDE_ACCOUNT, ...outsideAccounts(model)])].map(outsider);
    const counterexamples: string[] = [];
    let checked = 0;

    for (const role of model.roles.filter((r) => r.trustPolicy && r.arn.includes(`:role${PRODUCT_ROLE_PATH}`))) {
      const owner = accountNamed(model, role.account)!;
      const ask = (caller: ModelPrincipal, action: string, context?: Readonly<Record<string, string>>) => {
        checked++;
        const request: AccessRequest = { action, resource: role.arn, resourceAccount: owner.id, region, ...(context ? { context } : {}) };
        if (decide(model, caller, request) === 'Allow') counterexamples.push(`${caller.label}${inOrganization(context)} may ${action} on ${role.arn} in ${region}`);
      };
      for (const action of AWS_ACTIONS) for (const caller of callers) for (const context of OUTSIDE_CONTEXTS) ask(caller, action, context);
      for (const s of statementsOf(role.trustPolicy!.document)) {
        const st = asObject(s);
        if (!st || st.Effect !== 'Allow') continue;
        for (const provider of stringList(asObject(st.Principal)?.Federated)) ask(federatedCaller(provider), FEDERATED_ACTION(provider));
      }
    }

    const management = model.accounts.find((a) => a.kind === 'management');
    for (const account of accountClasses(model)) {
      const arn = `arn:aws:iam::${account.id}:role${PRODUCT_ROLE_PATH}${PROBE_ROLE}`;
      const trust = probeTrust(account.id);
      const where = `(a role the deploy role could create in ${account.name}, trusting anybody)`;
      const ask = (caller: ModelPrincipal, action: string, expectAllow = false, context?: Readonly<Record<string, string>>) => {
        checked++;
        const request: AccessRequest = { action, resource: arn, resourceAccount: account.id, region, ...(context ? { context } : {}) };
        const allowed = decideOnRole(model, caller, request, trust) === 'Allow';
        if (allowed && !expectAllow) counterexamples.push(`${caller.label}${inOrganization(context)} may ${action} on ${arn} in ${region} ${where}`);
        if (!allowed && expectAllow) counterexamples.push(`${caller.label} cannot ${action} on ${arn} in ${region} ${where}, but the organization must keep its own access`);
      };
      for (const action of AWS_ACTIONS) for (const caller of callers) for (const context of OUTSIDE_CONTEXTS) ask(caller, action, false, context);
      for (const provider of probeProviders(account.id)) ask(federatedCaller(provider), FEDERATED_ACTION(provider));
      if (management) {
        const insider = callerAs(management, `arn:aws:iam::${management.id}:role/${ANY_PRINCIPAL_ROLE}`, `any principal in ${management.name}`);
        ask(insider, 'sts:AssumeRole', true);
      }
    }
    return { id, claim, status: checked === 0 ? 'vacuous' : counterexamples.length ? 'fails' : 'holds', checked, counterexamples };
  },
};
