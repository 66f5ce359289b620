/**
 * The evaluator applied to the organization of a policy model: who the principals are, what
 * policies bind each of them, which resource policy a request meets, and the request context AWS
 * would fill in (principal ARN, account, org id and path, region).
 */
import type { Json } from '../document';
import { orgPathOf, rolesIn, type ModelAccount, type ModelResource, type PolicyModel } from '../model';
import { isAccountId } from '../../config/pending';
import { accountOfArn, arnMatches } from './arn';
import { evaluate } from './evaluate';
import { indexOf } from './index';
import { rcpGoverns } from '../rcp-services';
import type { ContextValue, Decision, PolicySet, ResourcePolicyKind } from './request';

export interface ModelPrincipal {
  /** Stable across configs: `role:<account>/<role>`, or `any:<account>` for the account's ceiling. */
  readonly key: string;
  /** For people: `LandingZoneDeploy in payments-prod`, `any principal in payments-prod`. */
  readonly label: string;
  readonly account: ModelAccount;
  readonly arn: string;
  readonly identityPolicies: readonly Json[];
  readonly boundary?: Json;
  /**
   * A principal of an account outside the organization that a trust policy names: no SCP binds
   * it and it carries no organization context. Its own account's IAM is not ours to see, so it is
   * taken as an administrator there.
   */
  readonly outside?: boolean;
  /**
   * A caller that signs in through an identity provider (sts:AssumeRoleWithWebIdentity or
   * AssumeRoleWithSAML), whose `arn` is the provider's. Those requests are not signed with AWS
   * credentials, so AWS fills in no aws:PrincipalOrgID and no aws:PrincipalIsAWSService.
   */
  readonly federated?: boolean;
}

/** The role name the account ceiling is evaluated as: a role no SCP exempts. */
export const ANY_PRINCIPAL_ROLE = 'AnyOtherPrincipal';

const ADMIN: Json = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/**
 * Every principal worth asking about: each role the landing zone defines, with its policies, and
 * for each member account an administrator that no SCP exempts, whose access is the account's
 * ceiling (what the SCPs let anybody there do).
 */
export function principalsOf(model: PolicyModel): readonly ModelPrincipal[] {
  let found = PRINCIPALS.get(model);
  if (!found) {
    found = listPrincipals(model);
    PRINCIPALS.set(model, found);
  }
  return found;
}

/** Each proof and both sides of a diff ask for the principals: they are listed once per model. */
const PRINCIPALS = new WeakMap<PolicyModel, readonly ModelPrincipal[]>();

function listPrincipals(model: PolicyModel): ModelPrincipal[] {
  const out: ModelPrincipal[] = [];
  for (const account of model.accounts) {
    for (const role of rolesIn(model, account.name)) {
      out.push({
        key: `role:${role.key}`,
        label: `${role.name} in ${account.name}`,
        account,
        arn: role.arn,
        identityPolicies: role.identityPolicies.map((d) => d.document),
        ...(role.boundary ? { boundary: role.boundary.document } : {}),
      });
    }
    if (account.kind !== 'management') {
      out.push({
        key: `any:${account.name}`,
        label: `any principal in ${account.name}`,
        account,
        arn: `arn:aws:iam::${account.id}:role/${ANY_PRINCIPAL_ROLE}`,
        identityPolicies: [ADMIN],
      });
    }
  }
  for (const id of outsideAccounts(model)) {
    out.push({
      key: `outside:${id}`,
      label: `any principal in account ${id} (outside the organization)`,
      account: { name: id, id, pending: false, kind: 'product', ou: '' },
      arn: `arn:aws:iam::${id}:role/${ANY_PRINCIPAL_ROLE}`,
      identityPolicies: [ADMIN],
      outside: true,
    });
  }
  return out;
}

function statementsOf(doc: Json): Record<string, Json>[] {
  const s = (doc as { Statement?: Json }).Statement;
  return (Array.isArray(s) ? s : s ? [s] : []) as Record<string, Json>[];
}

/** Account ids that trust policies name as principals and that are not accounts of the organization. */
export function outsideAccounts(model: PolicyModel): string[] {
  const ours = new Set(model.accounts.map((a) => a.id));
  const found = new Set<string>();
  for (const role of model.roles) {
    if (!role.trustPolicy) continue;
    for (const statement of statementsOf(role.trustPolicy.document)) {
      const aws = (statement.Principal as { AWS?: Json } | undefined)?.AWS;
      for (const p of Array.isArray(aws) ? aws : aws ? [aws] : []) {
        const id = typeof p === 'string' ? (isAccountId(p) ? p : /^arn:aws[\w-]*:iam::/.test(p) ? accountOfArn(p) : undefined) : undefined;
        if (id && !ours.has(id)) found.add(id);
      }
    }
  }
  return [...found].sort();
}

/** The values a trust policy expects for sts:ExternalId: a party it trusts is given them. */
function externalIdsIn(doc: Json): string[] {
  const ids = new Set<string>();
  for (const statement of statementsOf(doc)) {
    for (const operator of Object.values((statement.Condition ?? {}) as Record<string, Record<string, Json>>)) {
      for (const [key, value] of Object.entries(operator)) {
        if (key.toLowerCase() !== 'sts:externalid') continue;
        for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') ids.add(v);
      }
    }
  }
  return [...ids];
}

export interface AccessRequest {
  readonly action: string;
  /** The resource ARN, or `*` for actions that take none. */
  readonly resource: string;
  /** The account that owns the resource (account id). */
  readonly resourceAccount: string;
  /** The region the request is made in (`aws:RequestedRegion`). */
  readonly region: string;
  /** More context, e.g. `aws:MultiFactorAuthPresent`. */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

/** The model resource a request's resource ARN falls on (a bucket holds its objects), if any. */
export function resourceAt(model: PolicyModel, resource: string): ModelResource | undefined {
  const index = indexOf(model);
  const exact = index.resourceByArn.get(resource);
  if (exact) return exact;
  if (resource.startsWith('arn:aws:s3:::') || /^arn:aws[\w-]*:s3:::/.test(resource)) {
    const slash = resource.indexOf('/');
    const bucket = index.bucketByArn.get(slash < 0 ? resource : resource.slice(0, slash));
    if (bucket) return bucket;
  }
  return index.patternResources.find((r) => arnMatches(r.arn, resource));
}

/** The resource policy a request meets, if the model has one for its resource. */
export function resourcePolicyFor(model: PolicyModel, action: string, resource: string): { policy: Json; kind: ResourcePolicyKind } | undefined {
  if (/^sts:AssumeRole/i.test(action)) {
    const role = indexOf(model).roleByArn.get(resource);
    return role?.trustPolicy ? { policy: role.trustPolicy.document, kind: 'role-trust' } : undefined;
  }
  const found = resourceAt(model, resource);
  if (!found) return undefined;
  return { policy: found.policy.document, kind: found.kind === 'key' ? 'kms-key' : 'default' };
}

const ORG_PATHS = new WeakMap<PolicyModel, Map<string, string>>();

/** `orgPathOf`, computed once per account. */
export function orgPathFor(model: PolicyModel, account: ModelAccount): string {
  let paths = ORG_PATHS.get(model);
  if (!paths) {
    paths = new Map();
    ORG_PATHS.set(model, paths);
  }
  const key = `${account.name}\u0000${account.ou}`;
  let path = paths.get(key);
  if (path === undefined) {
    path = orgPathOf(model, account);
    paths.set(key, path);
  }
  return path;
}

/** The context AWS fills in for a principal's request. */
export function contextFor(model: PolicyModel, principal: ModelPrincipal, request: AccessRequest): Record<string, ContextValue> {
  return {
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': principal.account.id,
    ...(principal.outside || principal.federated ? {} : { 'aws:PrincipalOrgID': model.organizationId, 'aws:PrincipalOrgPaths': [orgPathFor(model, principal.account)] }),
    // Every request signed with AWS credentials carries it; the principals of the model are no AWS service.
    ...(principal.federated ? {} : { 'aws:PrincipalIsAWSService': 'false' }),
    'aws:PrincipalType': 'AssumedRole',
    'aws:RequestedRegion': request.region,
    'aws:ResourceAccount': request.resourceAccount,
    'aws:SecureTransport': 'true',
    ...(request.context ?? {}),
  };
}

/**
 * The RCP levels that bind a request, if any: RCPs bound the resources of member accounts (not the
 * management account's, not those outside the organization), for the services RCPs cover, and never
 * a request by a service-linked role (AWS Organizations User Guide, "Resource control policies").
 */
export function resourceControlPoliciesFor(model: PolicyModel, principal: ModelPrincipal, request: AccessRequest): Json[][] | undefined {
  if (/^arn:aws[\w-]*:iam::[^:]*:role\/aws-service-role\//.test(principal.arn)) return undefined;
  return requestRcps(model, request);
}

/** The RCP levels of a request's resource, whoever the caller. */
export function requestRcps(model: PolicyModel, request: AccessRequest): Json[][] | undefined {
  const index = indexOf(model);
  if (!index.hasRcps || request.resource === '*' || !rcpGoverns(request.action)) return undefined;
  const account = index.accountById.get(request.resourceAccount);
  if (!account || account.kind === 'management') return undefined;
  return index.rcpDocuments(account);
}

export function policySetFor(model: PolicyModel, principal: ModelPrincipal, request: AccessRequest): PolicySet {
  const resourcePolicy = resourcePolicyFor(model, request.action, request.resource);
  const rcps = resourceControlPoliciesFor(model, principal, request);
  return {
    ...(principal.account.kind === 'management' || principal.outside || principal.federated ? {} : { serviceControlPolicies: indexOf(model).scpDocuments(principal.account) }),
    ...(rcps ? { resourceControlPolicies: rcps } : {}),
    ...(principal.boundary ? { permissionsBoundary: principal.boundary } : {}),
    identityPolicies: principal.identityPolicies,
    ...(resourcePolicy ? { resourcePolicy: resourcePolicy.policy, resourcePolicyKind: resourcePolicy.kind } : {}),
  };
}

/** Decides one request by one principal of the model. */
export function decide(model: PolicyModel, principal: ModelPrincipal, request: AccessRequest): Decision {
  if (principal.outside && /^sts:AssumeRole/i.test(request.action)) {
    // A party outside is given the external id a role expects: it may use any of them.
    const trust = resourcePolicyFor(model, request.action, request.resource)?.policy;
    for (const externalId of trust ? externalIdsIn(trust) : []) {
      const decision = decideOnce(model, principal, { ...request, context: { ...request.context, 'sts:ExternalId': externalId } });
      if (decision === 'Allow') return decision;
    }
  }
  return decideOnce(model, principal, request);
}

/**
 * Decides a request on a role the model does not hold (one the deploy role could create at run
 * time), whose trust policy is `trust`: everything else (SCPs, RCPs, context) is the model's.
 */
export function decideOnRole(model: PolicyModel, principal: ModelPrincipal, request: AccessRequest, trust: Json): Decision {
  return evaluate(
    {
      principal: { arn: principal.arn, account: principal.account.id },
      action: request.action,
      resource: { arn: request.resource, account: request.resourceAccount },
      context: contextFor(model, principal, request),
    },
    { ...policySetFor(model, principal, request), resourcePolicy: trust, resourcePolicyKind: 'role-trust' },
  );
}

function decideOnce(model: PolicyModel, principal: ModelPrincipal, request: AccessRequest): Decision {
  return evaluate(
    {
      principal: { arn: principal.arn, account: principal.account.id },
      action: request.action,
      resource: { arn: request.resource, account: request.resourceAccount },
      context: contextFor(model, principal, request),
    },
    policySetFor(model, principal, request),
  );
}
