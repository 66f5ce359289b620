/**
 * The four classes the evaluator once got wrong, each against the AWS documentation directly:
 * escapes are literal characters, IPv6 addresses and ranges, a Deny with NotPrincipal against a
 * caller with a permissions boundary, and an IAM user granted by a same-account resource policy.
 */
import type { Json } from '../../../src/policies/document';
import { evaluate } from '../../../src/policies/evaluate/evaluate';
import { ipInRange } from '../../../src/policies/evaluate/ip';
import type { EvaluationRequest, PolicySet } from '../../../src/policies/evaluate/request';

const A = '111111111111';
const policy = (...Statement: Json[]): Json => ({ Version: '2012-10-17', Statement });

function request(principal: string, resource: string, context: Record<string, string> = {}, action = 's3:GetObject'): EvaluationRequest {
  return { principal: { arn: principal, account: A }, action, resource: { arn: resource, account: A }, context: { 'aws:PrincipalArn': principal, ...context } };
}

describe('evaluator semantics', () => {
  it('reads ${*}, ${?} and ${$} as the literal characters, and variable values as literal text', () => {
    // GIVEN an identity policy allowing one object whose key holds *, ? and $
    const allow = (resource: string): PolicySet => ({ identityPolicies: [policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: resource })] });
    const role = `arn:aws:iam::${A}:role/Reader`;
    const literal = 'arn:aws:s3:::bucket/a${*}b${?}c${$}d';
    // WHEN it is asked for that key and for keys a wildcard would match
    // THEN only the literal key is allowed
    expect(evaluate(request(role, 'arn:aws:s3:::bucket/a*b?c$d'), allow(literal))).toBe('Allow');
    expect(evaluate(request(role, 'arn:aws:s3:::bucket/aXXbYc$d'), allow(literal))).toBe('ImplicitDeny');
    expect(evaluate(request(role, 'arn:aws:s3:::bucket/a*bYc$d'), allow(literal))).toBe('ImplicitDeny');
    // AND a variable whose value holds a * matches only that text
    const user = `arn:aws:iam::${A}:user/star`;
    const home = allow('arn:aws:s3:::bucket/home/${aws:PrincipalTag/team}/*');
    expect(evaluate(request(user, 'arn:aws:s3:::bucket/home/a*/x', { 'aws:PrincipalTag/team': 'a*' }), home)).toBe('Allow');
    expect(evaluate(request(user, 'arn:aws:s3:::bucket/home/abc/x', { 'aws:PrincipalTag/team': 'a*' }), home)).toBe('ImplicitDeny');
    // AND in StringLike the escape is literal too
    const tagged: PolicySet = { identityPolicies: [policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 'aws:PrincipalTag/team': 'a${*}' } } })] };
    expect(evaluate(request(role, 'arn:aws:s3:::bucket/x', { 'aws:PrincipalTag/team': 'a*' }), tagged)).toBe('Allow');
    expect(evaluate(request(role, 'arn:aws:s3:::bucket/x', { 'aws:PrincipalTag/team': 'abc' }), tagged)).toBe('ImplicitDeny');
  });

  it('compares IPv6 addresses and ranges in any spelling, never across IPv4 and IPv6', () => {
    expect(ipInRange('2001:db8::1', '2001:DB8:0:0:0:0:0:1')).toBe(true);
    expect(ipInRange('2001:db8:ffff::9', '2001:db8::/32')).toBe(true);
    expect(ipInRange('2001:db9::1', '2001:db8::/32')).toBe(false);
    expect(ipInRange('2600:1f14:0fff::5', '2600:1f14::/36')).toBe(true);
    expect(ipInRange('2600:1f14:1000::5', '2600:1f14::/36')).toBe(false);
    expect(ipInRange('::ffff:192.0.2.1', '::ffff:192.0.2.0/120')).toBe(true);
    expect(ipInRange('192.0.2.1', '::ffff:0:0/96')).toBe(false);
    expect(ipInRange('203.0.113.7', '203.0.113.0/24')).toBe(true);
    expect(ipInRange('203.0.113.7', '203.0.113.7')).toBe(true);
    expect(ipInRange('2001:db8::1', 'not-an-address')).toBe(false);
    // AND a Deny outside an IPv6 range denies a caller outside it, not one inside
    const set: PolicySet = {
      identityPolicies: [
        policy({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['2001:db8::/32', '203.0.113.0/24'] } } }),
      ],
    };
    const role = `arn:aws:iam::${A}:role/Dev`;
    expect(evaluate(request(role, 'arn:aws:s3:::b/k', { 'aws:SourceIp': '2001:0DB8::7' }), set)).toBe('Allow');
    expect(evaluate(request(role, 'arn:aws:s3:::b/k', { 'aws:SourceIp': '2001:db9::7' }), set)).toBe('ExplicitDeny');
  });

  it('a resource policy Deny with NotPrincipal denies a caller with a permissions boundary even when NotPrincipal names it', () => {
    // GIVEN a bucket policy denying everyone but the Dev role, and Dev allowed by its identity policy
    const dev = `arn:aws:iam::${A}:role/Dev`;
    const bucket: Json = policy({ Effect: 'Deny', NotPrincipal: { AWS: [dev, `arn:aws:iam::${A}:root`] }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' });
    const identity = [policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' })];
    // WHEN Dev has no boundary THEN it is allowed; WHEN it has one (allowing everything) THEN it is denied
    expect(evaluate(request(dev, 'arn:aws:s3:::b/k'), { identityPolicies: identity, resourcePolicy: bucket })).toBe('Allow');
    expect(evaluate(request(dev, 'arn:aws:s3:::b/k'), { identityPolicies: identity, resourcePolicy: bucket, permissionsBoundary: identity[0] })).toBe('ExplicitDeny');
  });

  it("a same-account resource policy naming an IAM user's ARN grants despite no identity allow and a boundary; naming a role's ARN it is bounded", () => {
    // GIVEN a bucket policy that names a user and a role, neither with an identity policy, both with a boundary allowing nothing on S3
    const user = `arn:aws:iam::${A}:user/alice`;
    const role = `arn:aws:iam::${A}:role/Dev`;
    const bucket = policy({ Effect: 'Allow', Principal: { AWS: [user, role] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
    const boundary = policy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' });
    const set: PolicySet = { identityPolicies: [], resourcePolicy: bucket, permissionsBoundary: boundary };
    // WHEN each reads an object THEN the user is allowed and the role is not
    expect(evaluate(request(user, 'arn:aws:s3:::b/k'), set)).toBe('Allow');
    expect(evaluate(request(role, 'arn:aws:s3:::b/k'), set)).toBe('ImplicitDeny');
    // AND without the boundary both are allowed by the resource policy alone
    expect(evaluate(request(role, 'arn:aws:s3:::b/k'), { identityPolicies: [], resourcePolicy: bucket })).toBe('Allow');
  });
});
