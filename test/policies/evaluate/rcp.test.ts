/**
 * Resource control policies in the evaluator: each RCP level down the resource account's OU path
 * must allow (RCPFullAWSAccess) and a Deny decides; they bind the resources of member accounts only,
 * for the services RCPs cover, never a service-linked role; and decisions memoized for a class of
 * accounts do not stand for an account under other RCPs.
 */
import { loadLandingZone } from '../../../src/config/load';
import type { Json } from '../../../src/policies/document';
import { decide, resourceControlPoliciesFor, type ModelPrincipal } from '../../../src/policies/evaluate/access';
import { evaluate } from '../../../src/policies/evaluate/evaluate';
import { decisionsOf } from '../../../src/policies/evaluate/grouping';
import type { EvaluationRequest, PolicySet } from '../../../src/policies/evaluate/request';
import { assembleModel, recordedDocuments, RCP_FULL_AWS_ACCESS, type ModelDocument } from '../../../src/policies/model';
import { ADMINISTRATOR } from '../../../src/policies/prove/member-probes';
import { REPO } from '../../support/example';

const A = '111111111111';
const OUTSIDE = '999999999999';
const ROLE = `arn:aws:iam::${A}:role/product/app`;
const FULL = RCP_FULL_AWS_ACCESS.document;
const policy = (...Statement: Json[]): Json => ({ Version: '2012-10-17', Statement });

const SHIPPED_RCP = policy({
  Effect: 'Deny',
  Principal: '*',
  Action: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity', 'sts:TagSession'],
  Resource: 'arn:aws:iam::*:role/product/*',
  Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-exampleorg1' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
});

const TRUST_ANYBODY = policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });

function assume(principal: string, account: string, context: Record<string, string>, action = 'sts:AssumeRole'): EvaluationRequest {
  return { principal: { arn: principal, account }, action, resource: { arn: ROLE, account: A }, context: { 'aws:PrincipalArn': principal, ...context } };
}

const trusted = (rcps?: Json[][]): PolicySet => ({
  identityPolicies: [ADMINISTRATOR],
  resourcePolicy: TRUST_ANYBODY,
  resourcePolicyKind: 'role-trust',
  ...(rcps ? { resourceControlPolicies: rcps } : {}),
});

describe('resource control policies in evaluate()', () => {
  const outsider = assume(`arn:aws:iam::${OUTSIDE}:role/Any`, OUTSIDE, { 'aws:PrincipalIsAWSService': 'false' });
  const insider = assume(`arn:aws:iam::222222222222:role/Any`, '222222222222', { 'aws:PrincipalIsAWSService': 'false', 'aws:PrincipalOrgID': 'o-exampleorg1' });

  it('GIVEN a trust that lets anybody in THEN without RCPs an outsider may assume the role, and with the shipped RCP the Deny decides', () => {
    expect(evaluate(outsider, trusted())).toBe('Allow');
    expect(evaluate(outsider, trusted([[FULL, SHIPPED_RCP], [FULL]]))).toBe('ExplicitDeny');
    expect(evaluate({ ...outsider, action: 'sts:TagSession' }, trusted([[FULL, SHIPPED_RCP]]))).toBe('ExplicitDeny');
    // AND a principal of the organization is let through
    expect(evaluate(insider, trusted([[FULL, SHIPPED_RCP], [FULL]]))).toBe('Allow');
  });

  it('GIVEN an RCP level without RCPFullAWSAccess THEN nothing on the resource is allowed (each level must allow)', () => {
    expect(evaluate(insider, trusted([[FULL], [SHIPPED_RCP]]))).toBe('ImplicitDeny');
  });

  it('GIVEN an AWS service (aws:PrincipalIsAWSService true, no organization id) THEN the shipped RCP lets it assume the role', () => {
    const service = assume('arn:aws:iam::' + OUTSIDE + ':role/Any', OUTSIDE, { 'aws:PrincipalIsAWSService': 'true' });
    expect(evaluate(service, trusted([[FULL, SHIPPED_RCP]]))).toBe('Allow');
  });

  it('GIVEN a web identity caller (neither key in the request) THEN BoolIfExists denies it, and a plain Bool would not', () => {
    const provider = `arn:aws:iam::${A}:oidc-provider/token.example.com`;
    const web = assume(provider, A, {}, 'sts:AssumeRoleWithWebIdentity');
    const trust = policy({ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity' });
    const set = (rcp: Json): PolicySet => ({ identityPolicies: [], resourcePolicy: trust, resourcePolicyKind: 'role-trust', resourceControlPolicies: [[FULL, rcp]] });
    expect(evaluate(web, { identityPolicies: [], resourcePolicy: trust, resourcePolicyKind: 'role-trust' })).toBe('Allow');
    expect(evaluate(web, set(SHIPPED_RCP))).toBe('ExplicitDeny');
    const plainBool = JSON.parse(JSON.stringify(SHIPPED_RCP).replace('BoolIfExists', 'Bool'));
    expect(evaluate(web, set(plainBool))).toBe('Allow');
  });
});

describe('which requests RCPs bind, on the example organization', () => {
  const lz = loadLandingZone(`${REPO}/config`);
  const DOCUMENTS = recordedDocuments(lz);
  const model = assembleModel(lz, DOCUMENTS);
  const id = (name: string) => model.accounts.find((a) => a.name === name)!.id;
  const principal = (arn: string): ModelPrincipal => ({ key: `t:${arn}`, label: arn, account: model.accounts.find((a) => a.name === 'acme-audit')!, arn, identityPolicies: [ADMINISTRATOR] });
  const caller = principal(`arn:aws:iam::${id('acme-audit')}:role/Any`);
  const on = (action: string, resource: string, account: string) => ({ action, resource, resourceAccount: id(account), region: 'eu-west-1' });

  it('GIVEN a role of a product account THEN its RCP levels are the root (with the RCP), each OU and the account', () => {
    const levels = resourceControlPoliciesFor(model, caller, on('sts:AssumeRole', `arn:aws:iam::${id('payments-prod')}:role/product/x`, 'payments-prod'))!;
    expect(levels.map((l) => l.length)).toEqual([2, 1, 1, 1]); // root: RCPFullAWSAccess + the shipped RCP; Workloads; Workloads/Prod; the account
    expect(levels[0][1]).toEqual(DOCUMENTS.find((d) => d.kind === 'resource-control-policy')!.document);
  });

  it('GIVEN the management account, a service RCPs do not cover, no resource, or a service-linked role THEN no RCP applies', () => {
    expect(resourceControlPoliciesFor(model, caller, on('sts:AssumeRole', `arn:aws:iam::${id('acme-management')}:role/product/x`, 'acme-management'))).toBeUndefined();
    expect(resourceControlPoliciesFor(model, caller, on('ec2:RunInstances', `arn:aws:ec2:eu-west-1:${id('payments-prod')}:instance/i-1`, 'payments-prod'))).toBeUndefined();
    expect(resourceControlPoliciesFor(model, caller, { ...on('sts:GetCallerIdentity', '*', 'payments-prod') })).toBeUndefined();
    const linked = principal(`arn:aws:iam::${id('acme-audit')}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`);
    expect(resourceControlPoliciesFor(model, linked, on('sts:AssumeRole', `arn:aws:iam::${id('payments-prod')}:role/product/x`, 'payments-prod'))).toBeUndefined();
  });

  it('GIVEN the RCP on payments-prod only and both payments task roles trusting anybody THEN the memoized decisions tell the two accounts apart', () => {
    const isRcp = (d: ModelDocument) => d.kind === 'resource-control-policy';
    const isTaskTrust = (d: ModelDocument) => d.kind === 'trust-policy' && d.attachedTo.some((t) => /^role:payments-(prod|staging)\/product\//.test(t));
    const documents = DOCUMENTS.map((d) =>
      isRcp(d) ? { ...d, attachedTo: ['account:payments-prod'] } : isTaskTrust(d) ? { ...d, document: TRUST_ANYBODY } : d,
    );
    const m = assembleModel(lz, documents);
    const roles = m.roles.filter((r) => /^payments-(prod|staging)\/product\//.test(r.key));
    expect(roles.map((r) => r.key)).toEqual(['payments-prod/product/payments-api', 'payments-staging/product/payments-api']);
    const outsider: ModelPrincipal = {
      key: `outside:${OUTSIDE}`,
      label: 'outsider',
      account: { name: OUTSIDE, id: OUTSIDE, pending: false, kind: 'product', ou: '' },
      arn: `arn:aws:iam::${OUTSIDE}:role/Any`,
      identityPolicies: [ADMINISTRATOR],
      outside: true,
    };
    const requests = roles.map((r) => ({ action: 'sts:AssumeRole', resource: r.arn, resourceAccount: m.accounts.find((a) => a.name === r.account)!.id, region: 'eu-west-1' }));
    const decisions = decisionsOf(m);
    expect(decisions.grouped).toBe(true);
    expect(requests.map((r) => decisions.decide(outsider, r))).toEqual(['ExplicitDeny', 'Allow']);
    expect(requests.map((r) => decide(m, outsider, r))).toEqual(['ExplicitDeny', 'Allow']);
  });
});
