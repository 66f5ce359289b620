/**
 * The evaluator against an independent implementation of AWS's evaluation logic:
 * @cloud-copilot/iam-simulate (AGPL, so a test-time oracle only, never imported from src/).
 * A seeded generator builds a few thousand requests with random SCP levels, boundaries, identity
 * and resource policies from the operators and shapes our documents use; both must agree on each.
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
    s.Principal = pick<Json>(r, [
      '*',
      { AWS: `arn:aws:iam::${A}:root` },
      { AWS: B },
      { AWS: `arn:aws:iam::${A}:role/Dev` },
      { AWS: [`arn:aws:iam::${B}:role/Ops`, `arn:aws:iam::${A}:role/LandingZoneDeploy`] },
    ]);
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
  const member = r() < 0.85;
  const levels = member ? 1 + Math.floor(r() * 3) : 0;
  const serviceControlPolicies = Array.from({ length: levels }, () => {
    const level: Json[] = [r() < 0.9 ? FULL_ACCESS : policy(r, 1, { allowShare: 1, principal: false, resource: true })];
    if (r() < 0.3) level.push(policy(r, 1 + Math.floor(r() * 2), { allowShare: 0.1, principal: false, resource: true }));
    return level;
  });
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
      ...(permissionsBoundary ? { permissionsBoundary } : {}),
      identityPolicies,
      ...(resourcePolicy ? { resourcePolicy } : {}),
      resourcePolicyKind: target.kind,
    },
  };
}

async function oracle(c: Case): Promise<Decision> {
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
    resourceControlPolicies: [],
    ...(p.resourcePolicy ? { resourcePolicy: p.resourcePolicy } : {}),
    ...(p.permissionsBoundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: p.permissionsBoundary }] } : {}),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`oracle rejected a generated case: ${JSON.stringify(result.errors)}\n${JSON.stringify(c)}`);
  const overall = result.overallResult;
  return overall === 'Allowed' ? 'Allow' : overall === 'ExplicitlyDenied' ? 'ExplicitDeny' : 'ImplicitDeny';
}

describe('evaluator against the iam-simulate oracle', () => {
  it('agrees on 3,000 generated requests (seed 20240604)', async () => {
    // GIVEN a seeded generator of requests and policy sets
    const r = random(20240604);
    const disagreements: string[] = [];
    let disagreeing = 0;
    const decisions: Record<Decision, number> = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
    for (let i = 0; i < 3000; i++) {
      const c = generate(r);
      // WHEN both decide
      const ours = evaluate(c.request, c.policies);
      const theirs = await oracle(c);
      decisions[ours]++;
      if (ours !== theirs) disagreeing++;
      if (ours !== theirs && disagreements.length < 3) disagreements.push(`case ${i}: ours ${ours}, oracle ${theirs}\n${JSON.stringify(c, null, 1)}`);
    }
    // THEN they agree on every one, and the cases cover every decision
    expect({ disagreeing, disagreements }).toEqual({ disagreeing: 0, disagreements: [] });
    expect(decisions.Allow).toBeGreaterThan(300);
    expect(decisions.ExplicitDeny).toBeGreaterThan(300);
    expect(decisions.ImplicitDeny).toBeGreaterThan(300);
  });
});
