/**
 * The shape every policy template must have before it is rendered: an IAM policy document, an
 * object with `Version` and a `Statement` object or list of statements, each with an `Effect` and
 * an `Action` or `NotAction`. AWS would refuse anything else at apply time, long after review.
 */
import type { JsonValue } from '../config/json-text';
import type { PathPart } from '../config/yaml-file';
import { RCP_SERVICES } from './rcp-services';

export interface ShapeProblem {
  readonly path: readonly PathPart[];
  readonly message: string;
  readonly fix: string;
}

export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'];
const DOCUMENT_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

const isObject = (v: unknown): v is { [k: string]: JsonValue } => v !== null && typeof v === 'object' && !Array.isArray(v);

function typeWord(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  return `${typeof v === 'number' ? 'a number' : 'true or false'}`;
}

function stringOrStrings(v: JsonValue | undefined): boolean {
  return typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'));
}

/** What a template becomes, which decides the elements AWS allows in it. */
export type TemplateKind = 'identity' | 'trust' | 'scp' | 'rcp' | 'other';

/** The kind of a template by its place: policies/scp/, policies/rcp/, roles/*-trust*.json, roles/*-identity.json, boundaries/. */
export function templateKind(file: string): TemplateKind {
  const f = file.replace(/\\/g, '/');
  if (/(^|\/)policies\/scp\//.test(f)) return 'scp';
  if (/(^|\/)policies\/rcp\//.test(f)) return 'rcp';
  if (/(^|\/)policies\/roles\/[^/]*-trust[^/]*\.json$/.test(f)) return 'trust';
  if (/(^|\/)policies\/(roles\/[^/]*-identity[^/]*|boundaries\/[^/]*)\.json$/.test(f)) return 'identity';
  return 'other';
}

export function policyShapeProblems(doc: JsonValue, kind: TemplateKind = 'other'): ShapeProblem[] {
  if (!isObject(doc)) {
    return [{ path: [], message: `is ${typeWord(doc)}, not a policy document`, fix: 'write an object: { "Version": "2012-10-17", "Statement": [ ... ] }' }];
  }
  const problems: ShapeProblem[] = [];
  for (const k of Object.keys(doc)) {
    if (!DOCUMENT_KEYS.includes(k)) problems.push({ path: [k], message: `unknown element ${JSON.stringify(k.slice(0, 80))}`, fix: `a policy document has ${DOCUMENT_KEYS.join(', ')}` });
  }
  if (doc.Version === undefined) problems.push({ path: [], message: 'has no Version', fix: 'add "Version": "2012-10-17"' });
  else if (typeof doc.Version !== 'string' || !POLICY_VERSIONS.includes(doc.Version)) {
    problems.push({ path: ['Version'], message: `Version is not ${POLICY_VERSIONS.join(' or ')}`, fix: 'write "Version": "2012-10-17"' });
  }
  else if (kind === 'rcp' && doc.Version !== '2012-10-17') {
    problems.push({ path: ['Version'], message: 'an RCP\'s Version must be "2012-10-17"', fix: 'write "Version": "2012-10-17"' });
  }
  const statement = doc.Statement;
  if (statement === undefined) {
    problems.push({ path: [], message: 'has no Statement', fix: 'add "Statement": [ { "Effect": ..., "Action": ..., "Resource": ... } ]' });
    return problems;
  }
  const statements: [JsonValue, PathPart[]][] = Array.isArray(statement) ? statement.map((s, i) => [s, ['Statement', i]]) : [[statement, ['Statement']]];
  if (Array.isArray(statement) && statement.length === 0) problems.push({ path: ['Statement'], message: 'Statement is an empty list', fix: 'write at least one statement' });
  if (!Array.isArray(statement) && !isObject(statement)) {
    problems.push({ path: ['Statement'], message: `Statement is ${typeWord(statement)}`, fix: 'write a statement object or a list of them' });
    return problems;
  }
  for (const [s, path] of statements) {
    if (!isObject(s)) {
      problems.push({ path, message: `is ${typeWord(s)}, not a statement`, fix: 'write an object with Effect, Action and Resource' });
      continue;
    }
    for (const k of Object.keys(s)) {
      if (!STATEMENT_KEYS.includes(k)) problems.push({ path: [...path, k], message: `unknown element ${JSON.stringify(k.slice(0, 80))} in a statement`, fix: `a statement has ${STATEMENT_KEYS.join(', ')}` });
    }
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
      problems.push({ path: s.Effect === undefined ? path : [...path, 'Effect'], message: s.Effect === undefined ? 'the statement has no Effect' : 'Effect is neither "Allow" nor "Deny"', fix: 'write "Effect": "Allow" or "Effect": "Deny"' });
    }
    const actions = ['Action', 'NotAction'].filter((k) => s[k] !== undefined);
    if (actions.length !== 1) {
      problems.push({ path, message: actions.length ? 'the statement has both Action and NotAction' : 'the statement has neither Action nor NotAction', fix: 'give it exactly one of them' });
    }
    for (const k of ['Action', 'NotAction', 'Resource', 'NotResource']) {
      if (s[k] !== undefined && !stringOrStrings(s[k])) problems.push({ path: [...path, k], message: `${k} is ${typeWord(s[k])}${Array.isArray(s[k]) ? ' that is empty or holds more than strings' : ''}`, fix: `write a string or a non-empty list of strings` });
    }
    if (s.Resource !== undefined && s.NotResource !== undefined) problems.push({ path, message: 'the statement has both Resource and NotResource', fix: 'give it at most one of them' });
    for (const k of ['Principal', 'NotPrincipal']) {
      if (s[k] !== undefined && s[k] !== '*' && !isObject(s[k])) problems.push({ path: [...path, k], message: `${k} is ${typeWord(s[k])}`, fix: 'write "*" or an object such as { "AWS": "arn:aws:iam::111111111111:root" }' });
    }
    if (s.Condition !== undefined && (!isObject(s.Condition) || !Object.values(s.Condition).every(isObject))) {
      problems.push({ path: [...path, 'Condition'], message: 'Condition is not an object of operators, each an object of keys', fix: 'write e.g. { "StringEquals": { "aws:PrincipalOrgID": "o-…" } }' });
    }
    const principal = s.Principal !== undefined || s.NotPrincipal !== undefined;
    const resource = s.Resource !== undefined || s.NotResource !== undefined;
    if ((kind === 'identity' || kind === 'scp') && principal) {
      problems.push({ path: [...path, s.Principal !== undefined ? 'Principal' : 'NotPrincipal'], message: `${kind === 'scp' ? 'an SCP' : 'an identity policy or boundary'} cannot name a principal`, fix: 'remove it: the policy applies to what it is attached to' });
    }
    if (kind === 'identity' && !resource) problems.push({ path, message: 'the statement has neither Resource nor NotResource', fix: 'add "Resource", e.g. "*" or the ARNs it covers' });
    if (kind === 'trust' && !principal) problems.push({ path, message: 'the trust statement names no Principal', fix: 'add "Principal", e.g. { "AWS": "arn:aws:iam::${managementAccountId}:root" }' });
    if (kind === 'trust' && resource) problems.push({ path: [...path, s.Resource !== undefined ? 'Resource' : 'NotResource'], message: 'a trust policy cannot name a resource', fix: 'remove it: the role itself is the resource' });
    if (kind === 'rcp') problems.push(...rcpStatementProblems(s, path));
    if (s.Sid !== undefined && (typeof s.Sid !== 'string' || !/^[A-Za-z0-9]*$/.test(s.Sid))) {
      problems.push({ path: [...path, 'Sid'], message: 'Sid is not letters and digits', fix: 'use only A-Z, a-z and 0-9 in a Sid' });
    }
  }
  return problems;
}

/**
 * What AWS Organizations accepts in an RCP statement (User Guide, "RCP syntax"): only Deny (Allow is
 * reserved to the AWS-managed RCPFullAWSAccess), `"Principal": "*"`, no NotPrincipal or NotAction, a
 * Resource or NotResource, and actions of the services RCPs support (not `*` alone).
 */
function rcpStatementProblems(s: { [k: string]: JsonValue }, path: PathPart[]): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  if (s.Effect === 'Allow') {
    problems.push({ path: [...path, 'Effect'], message: 'an RCP statement cannot Allow (only the AWS-managed RCPFullAWSAccess does)', fix: 'write "Effect": "Deny" with a Condition that names what stays allowed' });
  }
  if (s.NotPrincipal !== undefined) {
    problems.push({ path: [...path, 'NotPrincipal'], message: 'an RCP cannot use NotPrincipal', fix: 'write "Principal": "*" and exempt callers in the Condition, e.g. with aws:PrincipalOrgID' });
  } else if (s.Principal !== '*') {
    problems.push({
      path: s.Principal === undefined ? path : [...path, 'Principal'],
      message: s.Principal === undefined ? 'the RCP statement names no Principal' : 'an RCP statement\'s Principal must be "*"',
      fix: 'write "Principal": "*" and narrow the callers in the Condition, e.g. with aws:PrincipalOrgID or aws:PrincipalAccount',
    });
  }
  if (s.NotAction !== undefined) {
    problems.push({ path: [...path, 'NotAction'], message: 'an RCP cannot use NotAction', fix: `list the actions under "Action", e.g. "s3:*"` });
  }
  if (s.Resource === undefined && s.NotResource === undefined) {
    problems.push({ path, message: 'the RCP statement has neither Resource nor NotResource', fix: 'add "Resource", e.g. "*" or the ARNs it covers' });
  }
  const actions = typeof s.Action === 'string' ? [s.Action] : Array.isArray(s.Action) ? s.Action : [];
  actions.forEach((action, i) => {
    if (typeof action !== 'string') return;
    const at = typeof s.Action === 'string' ? [...path, 'Action'] : [...path, 'Action', i];
    const service = action.includes(':') ? action.slice(0, action.indexOf(':')).toLowerCase() : undefined;
    if (service === undefined || !RCP_SERVICES.includes(service)) {
      problems.push({
        path: at,
        message: action === '*' ? 'an RCP cannot name every action ("*")' : `${JSON.stringify(action.slice(0, 80))} is not an action of a service RCPs support`,
        fix: `name actions of ${RCP_SERVICES.join(', ')}, e.g. "s3:*" or "sts:AssumeRole"`,
      });
    }
  });
  return problems;
}
