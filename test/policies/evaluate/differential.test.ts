/**
 * The evaluator against an independent implementation of AWS's evaluation logic:
 * @cloud-copilot/iam-simulate (AGPL, so a test-time oracle only, never imported from src/).
 * A seeded generator builds a few thousand requests with random SCP levels (up to five), RCP levels
 * (RCPFullAWSAccess, which the oracle adds itself, and Deny statements on the services RCPs cover), boundaries,
 * identity and resource policies: policy variables and the `${*}` `${?}` `${$}` escapes, IPv4 and
 * IPv6 conditions, IAM users and roles, NotPrincipal, set operators with IfExists on missing or
 * empty keys. Both must agree on each; where the oracle is known wrong (see `forOracle`) the case
 * is rewritten into one AWS documents as equivalent before the oracle sees it.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { Json } from '../../../src/policies/document';
import { evaluate } from '../../../src/policies/evaluate/evaluate';
import type { Decision, EvaluationRequest, PolicySet } from '../../../src/policies/evaluate/request';

const A = '111111111111';
const B = '222222222222';

/** mulberry32: small, seeded, good enough to spread cases. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRINCIPALS = [
  { arn: `arn:aws:iam::${A}:role/Dev`, account: A },
  { arn: `arn:aws:iam::${A}:role/LandingZoneDeploy`, account: A },
  { arn: `arn:aws:iam::${B}:role/Ops`, account: B },
  { arn: `arn:aws:iam::${A}:user/alice`, account: A, user: 'alice' },
  { arn: `arn:aws:iam::${B}:user/bob`, account: B, user: 'bob' },
];

const TARGETS: { action: string; arn: string; account: string; kind: PolicySet['resourcePolicyKind'] }[] = [
  { action: 's3:GetObject', arn: 'arn:aws:s3:::bucket-a/data/file.txt', account: A, kind: 'default' },
  { action: 's3:PutObject', arn: 'arn:aws:s3:::bucket-b/data/file.txt', account: B, kind: 'default' },
  { action: 'kms:Decrypt', arn: `arn:aws:kms:eu-west-1:${A}:key/data`, account: A, kind: 'kms-key' },
  { action: 'kms:Encrypt', arn: `arn:aws:kms:eu-west-1:${B}:key/data`, account: B, kind: 'kms-key' },
  { action: 'ec2:RunInstances', arn: `arn:aws:ec2:eu-west-1:${A}:instance/i-0123`, account: A, kind: 'default' },
  { action: 'cloudtrail:StopLogging', arn: `arn:aws:cloudtrail:eu-west-1:${A}:trail/organization`, account: A, kind: 'default' },
  { action: 'iam:CreateRole', arn: `arn:aws:iam::${A}:role/landing-zone/New`, account: A, kind: 'default' },
  { action: 'iam:PassRole', arn: `arn:aws:iam::${A}:role/App`, account: A, kind: 'default' },
  { action: 'sts:AssumeRole', arn: `arn:aws:iam::${A}:role/Target`, account: A, kind: 'role-trust' },
  { action: 'sts:AssumeRole', arn: `arn:aws:iam::${B}:role/Target`, account: B, kind: 'role-trust' },
  // Object keys holding the characters the escapes stand for, and a per-user prefix. (A request
  // resource with a literal `*` is not generated: the oracle reads it as a wildcard and answers
  // for many resources at once; the evaluator's unit tests cover it.)
  { action: 's3:GetObject', arn: 'arn:aws:s3:::bucket-a/odd/axb?c$d', account: A, kind: 'default' },
  { action: 's3:GetObject', arn: 'arn:aws:s3:::bucket-a/odd/axbycxd', account: A, kind: 'default' },
  { action: 's3:PutObject', arn: 'arn:aws:s3:::bucket-a/home/alice/notes', account: A, kind: 'default' },
  { action: 's3:PutObject', arn: 'arn:aws:s3:::bucket-b/home/bob/notes', account: B, kind: 'default' },
];

const ACTION_PATTERNS = [
  '*', 's3:*', 's3:Get*', 's3:GetObject', 'S3:getobject', 's3:PutObject', 'kms:*', 'kms:Decrypt', 'kms:Encrypt',
  'ec2:*', 'ec2:Run*', 'cloudtrail:*', 'cloudtrail:StopLogging', 'iam:*', 'iam:PassRole', 'iam:CreateRole',
  'organizations:LeaveOrganization', 'sts:AssumeRole', 'sts:*', 'kms:*crypt',
];

const RESOURCE_PATTERNS = [
  'arn:aws:s3:::bucket-a/*', 'arn:aws:s3:::bucket-*', 'arn:aws:s3:::*/data/*', `arn:aws:kms:*:${A}:key/*`,
  'arn:aws:kms:eu-west-1:*:key/data', 'arn:aws:iam::*:role/*', 'arn:aws:iam::*:role/landing-zone/*', `arn:aws:iam::${B}:role/Target`,
  'arn:aws:ec2:eu-west-1:*:instance/*', 'arn:aws:ec2:*:*:*', 'arn:aws:cloudtrail:*:*:trail/*', 'arn:aws:iam::*:role/?ev',
  // Escapes are literal characters; variables fill in the caller's values.
  'arn:aws:s3:::bucket-a/odd/a?b${?}c${$}d', 'arn:aws:s3:::bucket-a/odd/a${*}*', 'arn:aws:s3:::bucket-a/odd/a?b${?}*', 'arn:aws:s3:::bucket-a/odd/a*${$}?',
  'arn:aws:s3:::bucket-*/home/${aws:username}/*', 'arn:aws:s3:::bucket-a/home/${aws:PrincipalTag/team, \'alice\'}/*',
  'arn:aws:s3:::bucket-?/${aws:PrincipalTag/team}/*',
];

const CONDITIONS: Json[] = [
  { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
  { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
  { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/LandingZoneDeploy' } },
  { ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/Dev', 'arn:aws:iam::*:role/Ops'] } },
  { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Dev` } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } },
  { StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*` } },
  { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Lan*' } },
  { Null: { 'aws:MultiFactorAuthPresent': 'true' } },
  { Null: { 'aws:MultiFactorAuthPresent': 'false' } },
  { StringEquals: { 'aws:PrincipalAccount': B } },
  { StringEqualsIgnoreCase: { 'aws:RequestedRegion': 'EU-WEST-1' } },
  { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
  { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-exampleorg1/r-ex01/ou-Workloads/*'] } },
  { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-exampleorg1' } },
  // Variables and escapes in condition values.
  { StringLike: { 'aws:PrincipalTag/team': 'a${*}' } },
  { StringLike: { 'aws:PrincipalTag/team': '${aws:username}*' } },
  { StringEquals: { 'aws:PrincipalTag/team': '${aws:username}' } },
  { StringNotLike: { 'aws:PrincipalTag/team': ['${?}', 'a?'] } },
  { StringLikeIfExists: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/missing, \'a*\'}' } },
  { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/${aws:username}' } },
  // IPv4 and IPv6 addresses and ranges.
  { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } },
  { IpAddress: { 'aws:SourceIp': '2001:DB8:0:0:0:0:0:1' } },
  { NotIpAddress: { 'aws:SourceIp': ['198.51.100.0/25', '2600:1f14::/36'] } },
  { IpAddressIfExists: { 'aws:SourceIp': '::ffff:0:0/96' } },
  { NotIpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' } },
  // Set operators, with IfExists, on keys that may be missing or empty.
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } },
  { 'ForAllValues:StringLikeIfExists': { 'aws:TagKeys': 'e*' } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } },
  { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['env'] } },
  { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': 'owner' } },
  { 'ForAnyValue:StringNotLike': { 'aws:TagKeys': 't*' } },
  { 'ForAnyValue:StringNotEqualsIfExists': { 'aws:PrincipalOrgPaths': 'o-exampleorg1/r-ex01/ou-Sandbox/' } },
];

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

function some<T>(r: () => number, items: readonly T[], max: number): T[] {
  const n = 1 + Math.floor(r() * max);
  return [...new Set(Array.from({ length: n }, () => pick(r, items)))];
}

function statement(r: () => number, options: { allowShare: number; principal: boolean; resource: boolean }): Json {
  const s: { [k: string]: Json } = { Effect: r() < options.allowShare ? 'Allow' : 'Deny' };
  if (r() < 0.12) s.NotAction = some(r, ACTION_PATTERNS.slice(1), 3);
  else s.Action = some(r, ACTION_PATTERNS, 3);
  if (options.resource) {
    if (r() < 0.08) s.NotResource = some(r, RESOURCE_PATTERNS, 2);
    else s.Resource = r() < 0.6 ? '*' : some(r, RESOURCE_PATTERNS, 3);
  }
  if (options.principal) {
    const principal = pick<Json>(r, [
      '*',
      { AWS: `arn:aws:iam::${A}:root` },
      { AWS: B },
      { AWS: `arn:aws:iam::${A}:role/Dev` },
      { AWS: [`arn:aws:iam::${B}:role/Ops`, `arn:aws:iam::${A}:role/LandingZoneDeploy`] },
      { AWS: `arn:aws:iam::${A}:user/alice` },
      { AWS: [`arn:aws:iam::${B}:user/bob`, `arn:aws:iam::${A}:role/Dev`] },
    ]);
    // NotPrincipal is only for Deny (AWS rejects it with Allow), and never in a trust policy.
    if (s.Effect === 'Deny' && options.resource && principal !== '*' && r() < 0.4) s.NotPrincipal = principal;
    else s.Principal = principal;
  }
  if (r() < 0.35) {
    const c: { [k: string]: Json } = {};
    for (const block of some(r, CONDITIONS, 2)) {
      for (const [op, keys] of Object.entries(block as { [k: string]: Json })) c[op] = { ...((c[op] as object) ?? {}), ...(keys as object) };
    }
    s.Condition = c;
  }
  return s;
}

function policy(r: () => number, statements: number, options: Parameters<typeof statement>[1]): Json {
  return { Version: '2012-10-17', Statement: Array.from({ length: statements }, () => statement(r, options)) };
}

const FULL_ACCESS: Json = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const RCP_FULL_ACCESS: Json = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
const RCP_ACTIONS = ['s3:*', 's3:GetObject', 's3:Put*', 'kms:*', 'kms:Decrypt', 'sts:AssumeRole', 'sts:*'];

/** An RCP as AWS accepts one: Deny, Principal "*", actions of the services RCPs cover. */
function rcpPolicy(r: () => number): Json {
  return {
    Version: '2012-10-17',
    Statement: Array.from({ length: 1 + Math.floor(r() * 2) }, () => {
      const s: { [k: string]: Json } = { Effect: 'Deny', Principal: '*', Action: some(r, RCP_ACTIONS, 2) };
      if (r() < 0.1) s.NotResource = some(r, RESOURCE_PATTERNS, 2);
      else s.Resource = r() < 0.6 ? '*' : some(r, RESOURCE_PATTERNS, 2);
      if (r() < 0.7) {
        const c: { [k: string]: Json } = {};
        for (const block of some(r, CONDITIONS, 2)) {
          for (const [op, keys] of Object.entries(block as { [k: string]: Json })) c[op] = { ...((c[op] as object) ?? {}), ...(keys as object) };
        }
        s.Condition = c;
      }
      return s;
    }),
  };
}

interface Case {
  readonly request: EvaluationRequest;
  readonly policies: PolicySet;
}

function generate(r: () => number): Case {
  const principal = pick(r, PRINCIPALS);
  const target = pick(r, TARGETS);
  const context: Record<string, string | string[]> = {
    'aws:RequestedRegion': pick(r, ['eu-west-1', 'eu-central-1', 'us-east-1']),
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': principal.account,
  };
  if (r() < 0.7) context['aws:PrincipalOrgID'] = pick(r, ['o-exampleorg1', 'o-other']);
  if (r() < 0.6) context['aws:MultiFactorAuthPresent'] = pick(r, ['true', 'false']);
  if (r() < 0.3) context['aws:MultiFactorAuthAge'] = pick(r, ['60', '7200']);
  if (r() < 0.5) context['aws:PrincipalOrgPaths'] = [pick(r, ['o-exampleorg1/r-ex01/ou-Workloads/ou-Prod/', 'o-exampleorg1/r-ex01/ou-Sandbox/'])];
  if (principal.user) context['aws:username'] = principal.user;
  if (r() < 0.5) context['aws:PrincipalTag/team'] = pick(r, ['alice', 'a*', 'ab', '?', 'bob']);
  if (r() < 0.6) context['aws:SourceIp'] = pick(r, ['203.0.113.7', '198.51.100.200', '10.1.2.3', '2001:db8::1', '2001:db8:ffff::9', '2600:1f14:0fff::5', '2600:1f14:1000::5']);
  if (r() < 0.6) context['aws:TagKeys'] = pick<string[]>(r, [['team'], ['team', 'env'], ['env'], ['owner', 'team'], []]);
  const member = r() < 0.85;
  const levels = member ? 1 + Math.floor(r() * 5) : 0;
  const serviceControlPolicies = Array.from({ length: levels }, () => {
    const level: Json[] = [r() < 0.85 ? FULL_ACCESS : policy(r, 1 + Math.floor(r() * 2), { allowShare: 1, principal: false, resource: true })];
    if (r() < 0.3) level.push(policy(r, 1 + Math.floor(r() * 2), { allowShare: 0.1, principal: false, resource: true }));
    return level;
  });
  // The resource's account is a member account for about half the cases: its RCP levels, each with
  // RCPFullAWSAccess (the oracle adds that itself), some with an RCP of the landing zone's kind.
  const resourceControlPolicies =
    r() < 0.5 ? Array.from({ length: 1 + Math.floor(r() * 3) }, () => (r() < 0.4 ? [RCP_FULL_ACCESS, rcpPolicy(r)] : [RCP_FULL_ACCESS])) : undefined;
  const identityPolicies = Array.from({ length: Math.floor(r() * 4) }, () =>
    policy(r, 1 + Math.floor(r() * 3), { allowShare: 0.9, principal: false, resource: true }),
  );
  const permissionsBoundary = r() < 0.3 ? policy(r, 1 + Math.floor(r() * 2), { allowShare: 0.85, principal: false, resource: true }) : undefined;
  const needsResourcePolicy = target.kind !== 'default' || principal.account !== target.account;
  const resourcePolicy =
    needsResourcePolicy || r() < 0.5
      ? policy(r, 1 + Math.floor(r() * 3), { allowShare: 0.8, principal: true, resource: target.kind !== 'role-trust' })
      : undefined;
  return {
    request: { principal, action: target.action, resource: { arn: target.arn, account: target.account }, context },
    policies: {
      ...(member ? { serviceControlPolicies } : {}),
      ...(resourceControlPolicies ? { resourceControlPolicies } : {}),
      ...(permissionsBoundary ? { permissionsBoundary } : {}),
      identityPolicies,
      ...(resourcePolicy ? { resourcePolicy } : {}),
      resourcePolicyKind: target.kind,
    },
  };
}

/**
 * Where the oracle is known wrong, each case is rewritten into one AWS documents as equivalent,
 * without the construct the oracle gets wrong, and the oracle decides that. Counted, so that the
 * test shows how often each correction was needed.
 *
 * 1. `ForAnyValue:<Op>IfExists` on a key missing from the request: the oracle treats the
 *    condition as false, as if IfExists were not there. The IAM User Guide ("IAM JSON policy
 *    elements: Condition operators", ...IfExists condition operators) says: "If the key is not
 *    present, evaluate the condition element as true", for any operator but Null. So such a
 *    condition is dropped (it holds); on a key that is present, IfExists changes nothing and is
 *    dropped from the operator name.
 * 2. A bare IPv6 address in IpAddress/NotIpAddress (`2001:DB8:0:0:0:0:0:1`): the oracle compares
 *    it as text with the request's address, so another spelling of the same address (RFC 4291:
 *    `2001:db8::1`) fails. The IAM User Guide ("Condition operators", IP address condition
 *    operators) reads an address without a routing prefix as one host; it is given to the oracle
 *    as `<address>/128`, which the oracle compares as a range.
 */
const corrections = { forAnyValueIfExists: 0, bareIpv6: 0 };

function forOracle(c: Case): Case {
  let changed = false;
  let bareIpv6 = false;
  const keyPresent = (key: string) => Object.keys(c.request.context).some((k) => k.toLowerCase() === key.toLowerCase());
  const fixStatement = (statement: Json): Json => {
    const s = statement as { [k: string]: Json };
    const condition = s.Condition as { [op: string]: { [key: string]: Json } } | undefined;
    if (!condition) return statement;
    const out: { [op: string]: { [key: string]: Json } } = {};
    for (const [op, original] of Object.entries(condition)) {
      let block = original;
      if (/IpAddress/i.test(op)) {
        const host = (v: Json) => (typeof v === 'string' && v.includes(':') && !v.includes('/') ? `${v}/128` : v);
        const fixed = Object.fromEntries(Object.entries(block).map(([k, v]) => [k, Array.isArray(v) ? v.map(host) : host(v)]));
        if (JSON.stringify(fixed) !== JSON.stringify(block)) {
          block = fixed;
          bareIpv6 = true;
        }
      }
      const m = /^ForAnyValue:(.+)IfExists$/i.exec(op);
      if (!m) {
        out[op] = { ...(out[op] ?? {}), ...block };
        continue;
      }
      changed = true;
      for (const [key, value] of Object.entries(block)) {
        if (!keyPresent(key)) continue;
        const plain = `ForAnyValue:${m[1]}`;
        out[plain] = { ...(out[plain] ?? {}), [key]: value };
      }
    }
    const { Condition: _, ...rest } = s;
    return Object.keys(out).length ? { ...rest, Condition: out } : rest;
  };
  const fix = (policy: Json): Json => ({ ...(policy as object), Statement: ((policy as { Statement: Json[] }).Statement).map(fixStatement) });
  const p = c.policies;
  const policies: PolicySet = {
    ...p,
    ...(p.serviceControlPolicies ? { serviceControlPolicies: p.serviceControlPolicies.map((level) => level.map(fix)) } : {}),
    ...(p.resourceControlPolicies ? { resourceControlPolicies: p.resourceControlPolicies.map((level) => level.map(fix)) } : {}),
    ...(p.permissionsBoundary ? { permissionsBoundary: fix(p.permissionsBoundary) } : {}),
    identityPolicies: p.identityPolicies.map(fix),
    ...(p.resourcePolicy ? { resourcePolicy: fix(p.resourcePolicy) } : {}),
  };
  if (changed) corrections.forAnyValueIfExists++;
  if (bareIpv6) corrections.bareIpv6++;
  return { request: c.request, policies };
}

async function oracle(original: Case): Promise<Decision> {
  const c = forOracle(original);
  const p = c.policies;
  const simulation: Simulation = {
    request: {
      principal: c.request.principal.arn,
      action: c.request.action,
      resource: { resource: c.request.resource.arn, accountId: c.request.resource.account },
      contextVariables: c.request.context as Record<string, string | string[]>,
    },
    identityPolicies: p.identityPolicies.map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: (p.serviceControlPolicies ?? []).map((level, i) => ({
      orgIdentifier: `level-${i}`,
      policies: level.map((policy, j) => ({ name: `scp-${i}-${j}`, policy })),
    })),
    // The oracle attaches RCPFullAWSAccess (first at each level here) to every level itself.
    resourceControlPolicies: (p.resourceControlPolicies ?? []).map((level, i) => ({
      orgIdentifier: `rcp-level-${i}`,
      policies: level.slice(1).map((policy, j) => ({ name: `rcp-${i}-${j}`, policy })),
    })),
    ...(p.resourcePolicy ? { resourcePolicy: p.resourcePolicy } : {}),
    ...(p.permissionsBoundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: p.permissionsBoundary }] } : {}),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`oracle rejected a generated case: ${JSON.stringify(result.errors)}\n${JSON.stringify(c)}`);
  const overall = result.overallResult;
  return overall === 'Allowed' ? 'Allow' : overall === 'ExplicitlyDenied' ? 'ExplicitDeny' : 'ImplicitDeny';
}

/** How many generated cases exercise each class the generator was extended for. */
function classesOf(c: Case): string[] {
  const text = JSON.stringify(c.policies);
  const ctx = c.request.context;
  const ip = typeof ctx['aws:SourceIp'] === 'string' ? ctx['aws:SourceIp'] : '';
  return [
    ...(/\$\{[*?$]\}/.test(text) ? ['escapes'] : []),
    ...(/\$\{aws:/.test(text) ? ['variables'] : []),
    ...(ip.includes('.') && text.includes('IpAddress') ? ['ipv4'] : []),
    ...(ip.includes(':') && text.includes('IpAddress') ? ['ipv6'] : []),
    ...(c.request.principal.arn.includes(':user/') ? ['iam-user'] : []),
    ...(text.includes('NotPrincipal') && c.policies.permissionsBoundary ? ['notprincipal-with-boundary'] : []),
    ...((c.policies.serviceControlPolicies?.length ?? 0) >= 3 ? ['multi-level-scps'] : []),
    ...((c.policies.resourceControlPolicies ?? []).some((level) => level.length > 1) ? ['rcps'] : []),
    ...((c.policies.resourceControlPolicies ?? []).some((level) => level.length > 1) && /^(s3|kms|sts):/.test(c.request.action) ? ['rcps-on-their-services'] : []),
    ...(/For(All|Any)Values?:[A-Za-z]+IfExists/.test(text) ? ['set-operator-ifexists'] : []),
  ];
}

describe('evaluator against the iam-simulate oracle', () => {
  it('agrees on 4,000 generated requests (seed 20240604), the oracle corrected where it is known wrong', async () => {
    // GIVEN a seeded generator of requests and policy sets
    const r = random(20240604);
    const disagreements: string[] = [];
    let disagreeing = 0;
    const decisions: Record<Decision, number> = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
    const classes: Record<string, number> = {};
    for (let i = 0; i < 4000; i++) {
      const c = generate(r);
      for (const k of classesOf(c)) classes[k] = (classes[k] ?? 0) + 1;
      // WHEN both decide
      const ours = evaluate(c.request, c.policies);
      const theirs = await oracle(c);
      decisions[ours]++;
      if (ours !== theirs) disagreeing++;
      if (ours !== theirs && disagreements.length < 3) disagreements.push(`case ${i}: ours ${ours}, oracle ${theirs}\n${JSON.stringify(c, null, 1)}`);
    }
    // THEN they agree on every one, and the cases cover every decision and every class
    expect({ disagreeing, disagreements }).toEqual({ disagreeing: 0, disagreements: [] });
    expect(decisions.Allow).toBeGreaterThan(300);
    expect(decisions.ExplicitDeny).toBeGreaterThan(300);
    expect(decisions.ImplicitDeny).toBeGreaterThan(300);
    for (const k of ['escapes', 'variables', 'ipv4', 'ipv6', 'iam-user', 'notprincipal-with-boundary', 'multi-level-scps', 'set-operator-ifexists', 'rcps', 'rcps-on-their-services']) {
      expect([k, (classes[k] ?? 0) >= 40]).toEqual([k, true]);
    }
    // AND each correction of the oracle was needed (else it is stale and should go)
    expect(corrections.forAnyValueIfExists).toBeGreaterThan(0);
    expect(corrections.bareIpv6).toBeGreaterThan(0);
  });
});
