/**
 * Whether one statement applies to a request: its action, resource, principal (in resource
 * policies) and conditions all match.
 */
import type { Json } from '../document';
import { arnMatches, splitArn } from './arn';
import { conditionsHold } from './conditions';
import { globMatches } from './glob';
import type { EvaluationRequest } from './request';
import { substituteVariables } from './variables';

type JsonObject = { [key: string]: Json };

export function asObject(v: Json | undefined): JsonObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

export function stringList(v: Json | undefined): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** Whether a statement's Action (or NotAction) names the action: the first test a statement must pass to apply. */
export function statementNamesAction(statement: Json, action: string): boolean {
  const s = asObject(statement);
  return s !== undefined && actionMatches(s, action);
}

function actionMatches(s: JsonObject, action: string): boolean {
  if (s.Action !== undefined) return stringList(s.Action).some((p) => globMatches(p, action, true));
  if (s.NotAction !== undefined) return !stringList(s.NotAction).some((p) => globMatches(p, action, true));
  return false;
}

/** Whether a pattern holds a variable IAM cannot fill while its other ARN parts match the resource. */
function undecidable(pattern: string, request: EvaluationRequest): boolean {
  if (substituteVariables(pattern, request.context) !== undefined) return false;
  const parts = splitArn(pattern);
  const arn = splitArn(request.resource.arn);
  if (!parts || !arn) return true;
  return parts.every((part, i) => {
    const filled = substituteVariables(part, request.context);
    return filled === undefined || globMatches(filled, arn[i]);
  });
}

function resourceMatches(s: JsonObject, request: EvaluationRequest, required: boolean): boolean {
  const matchesAny = (patterns: string[]) =>
    patterns.some((p) => {
      const filled = substituteVariables(p, request.context);
      return filled !== undefined && arnMatches(filled, request.resource.arn);
    });
  if (s.Resource !== undefined) return matchesAny(stringList(s.Resource));
  if (s.NotResource !== undefined) {
    const patterns = stringList(s.NotResource);
    // A variable IAM cannot fill makes the statement invalid ("IAM policy elements: Variables and
    // tags"): it applies to nothing, rather than to everything a NotResource leaves out. Unless
    // the ARN parts without the variable already rule the resource out: then the variable's value
    // cannot matter.
    if (patterns.some((p) => undecidable(p, request))) return false;
    return !matchesAny(patterns);
  }
  // Trust policies have no Resource: the role they are attached to is the resource.
  return !required;
}

/**
 * How a resource policy's principal names the caller: `session` (a wildcard, which names the
 * role session itself), `direct` (the role ARN), `account` (the account, delegating to IAM).
 * The difference matters: a grant to the session is not limited by the permissions boundary.
 */
export type PrincipalMatch = 'none' | 'session' | 'direct' | 'account';

const STRENGTH: readonly PrincipalMatch[] = ['none', 'account', 'direct', 'session'];

export function strongerMatch(a: PrincipalMatch, b: PrincipalMatch): PrincipalMatch {
  return STRENGTH.indexOf(a) >= STRENGTH.indexOf(b) ? a : b;
}

function principalValueMatch(value: string, request: EvaluationRequest): PrincipalMatch {
  if (value === '*') return 'session';
  const account = request.principal.account;
  if (value === account || value === `arn:aws:iam::${account}:root`) return 'account';
  if (value === request.principal.arn) return 'direct';
  return 'none';
}

/** The strongest way a Principal or NotPrincipal element names the caller. */
export function principalMatch(s: JsonObject, request: EvaluationRequest): PrincipalMatch {
  const strongest = (values: string[]): PrincipalMatch => {
    return values.map((v) => principalValueMatch(v, request)).reduce(strongerMatch, 'none');
  };
  if (s.Principal !== undefined) {
    if (s.Principal === '*') return 'session';
    const p = asObject(s.Principal);
    if (!p) return 'none';
    // A caller signed in through an identity provider is named by the provider's ARN.
    const federated: PrincipalMatch = stringList(p.Federated).includes(request.principal.arn) ? 'direct' : 'none';
    return strongerMatch(strongest(stringList(p.AWS)), federated);
  }
  if (s.NotPrincipal !== undefined) {
    const p = asObject(s.NotPrincipal);
    return p && strongest(stringList(p.AWS)) !== 'none' ? 'none' : 'direct';
  }
  return 'none';
}

export interface StatementOptions {
  /** Resource policies name principals; identity policies, boundaries and SCPs do not. */
  readonly resourcePolicy: boolean;
  /** Whether a statement without Resource applies (true for trust policies only). */
  readonly resourceRequired: boolean;
  /**
   * Whether the caller has a permissions boundary. A resource policy's Deny with NotPrincipal then
   * applies to it whatever NotPrincipal names (IAM User Guide, "AWS JSON policy elements:
   * NotPrincipal", key points).
   */
  readonly principalHasBoundary?: boolean;
}

/**
 * Returns how the statement applies: `false` when it does not, otherwise the principal match
 * (`direct` for policies that name no principal).
 */
export function statementApplies(statement: Json, request: EvaluationRequest, options: StatementOptions): false | Exclude<PrincipalMatch, 'none'> {
  const s = asObject(statement);
  if (!s) return false;
  if (!actionMatches(s, request.action)) return false;
  if (!resourceMatches(s, request, options.resourceRequired)) return false;
  let principal: Exclude<PrincipalMatch, 'none'> = 'direct';
  if (options.resourcePolicy) {
    const deniesBounded = options.principalHasBoundary === true && s.NotPrincipal !== undefined && s.Effect === 'Deny';
    const m = deniesBounded ? 'direct' : principalMatch(s, request);
    if (m === 'none') return false;
    principal = m;
  }
  if (!conditionsHold(s.Condition, request.context)) return false;
  return principal;
}
