/**
 * Each lint rule on a failing and a passing document. Documents are written here by hand; the
 * expected messages are the ones a reviewer reads.
 */
import type { Json } from '../../../src/policies/document';
import { Catalogue } from '../../../src/policies/lint/catalogue';
import type { RuleFinding } from '../../../src/policies/lint/finding';
import { packEntry } from '../../../src/policies/lint/pack';
import { lintStatements } from '../../../src/policies/lint/statements';
import type { ModelDocument } from '../../../src/policies/model';
import type { PolicyKind } from '../../../src/policies/registry';

const OWN = '555555555501';

function doc(kind: PolicyKind, statements: Json[]): ModelDocument {
  return { stack: 'test', id: 'test/doc', name: 'doc', kind, document: { Version: '2012-10-17', Statement: statements }, attachedTo: [] };
}

async function run(ruleId: string, document: ModelDocument): Promise<RuleFinding[]> {
  const statements = lintStatements(document.document);
  const actions = statements.flatMap((s) => [s.statement.Action, s.statement.NotAction].flat()).filter((a): a is string => typeof a === 'string' && a !== '*');
  const keys = statements.flatMap((s) => Object.values((s.statement.Condition ?? {}) as Record<string, Record<string, Json>>).flatMap((b) => Object.keys(b)));
  const catalogue = await Catalogue.load(actions, keys);
  return packEntry(ruleId)!.rule({ document, kind: document.kind, statements, catalogue, accountId: OWN });
}

const allow = (extra: Record<string, Json>): Json => ({ Sid: 'S1', Effect: 'Allow', ...extra });

describe('lint rules', () => {
  it('syntax: names the element that breaks the grammar for the kind', async () => {
    // GIVEN an SCP with a Principal, a statement with both Action and NotAction, a bad Effect and operator
    const bad = doc('service-control-policy', [
      { Sid: 'S1', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', NotAction: 's3:PutObject', Resource: '*' },
      { Sid: 'S1', Effect: 'Permit', Action: 's3:GetObject', Resource: '*', Condition: { StringEqualz: { 'aws:RequestedRegion': 'eu-west-1' } } },
    ]);
    // WHEN the rule runs THEN every problem is named
    expect((await run('syntax', bad)).map((f) => `${f.statement}: ${f.message}`)).toEqual([
      'S1: has both Action and NotAction; use one',
      'S1: a service-control-policy names no Principal: it applies to the principals it is attached to',
      'S1: Effect is "Permit", but must be "Allow" or "Deny"',
      'S1: unknown condition operator "StringEqualz"',
      'S1: Sid "S1" is used by 2 statements; each Sid must be unique',
    ]);
    // AND a trust policy without Resource but with Principal passes
    expect(await run('syntax', doc('trust-policy', [allow({ Principal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: 'sts:AssumeRole' })]))).toEqual([]);
  });

  it('syntax: a trust policy with a Resource and a key policy without a Principal fail', async () => {
    expect((await run('syntax', doc('trust-policy', [allow({ Principal: '*', Action: 'sts:AssumeRole', Resource: '*' })]))).map((f) => f.message)).toEqual([
      'a trust policy names no Resource: the role it is attached to is the resource',
    ]);
    expect((await run('syntax', doc('key-policy', [allow({ Action: 'kms:Decrypt', Resource: '*' })]))).map((f) => f.message)).toEqual(['has neither Principal nor NotPrincipal']);
  });

  it('unknown-action: typos, unknown services and wildcards that match nothing', async () => {
    const bad = doc('identity-policy', [allow({ Action: ['s3:GetObjekt', 'foo:Bar', 'kms:Zap*', 'ec2'], Resource: '*' })]);
    expect((await run('unknown-action', bad)).map((f) => f.message)).toEqual([
      'Action "s3:GetObjekt" is not a s3 action',
      'Action "foo:Bar" names the unknown service "foo"',
      'Action "kms:Zap*" matches no kms action',
      'Action "ec2" is not of the form service:Action',
    ]);
    expect(await run('unknown-action', doc('identity-policy', [allow({ Action: ['s3:GetObject', 'KMS:decrypt', 'ec2:Describe*', '*'], Resource: '*' })]))).toEqual([]);
  });

  it('unknown-condition-key: keys that no service defines', async () => {
    const bad = doc('identity-policy', [allow({ Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegino': 'eu-west-1', 's3:TlsVersion': '1.2' } } })]);
    expect((await run('unknown-condition-key', bad)).map((f) => f.message)).toEqual(['condition key "aws:RequestedRegino" does not exist']);
  });

  it('unknown-condition-key: claim keys of the OIDC provider a trust statement names, and no other provider\'s', async () => {
    const trust = (keys: Record<string, string>) =>
      doc('trust-policy', [
        allow({ Principal: { Federated: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: keys } }),
      ]);
    expect(await run('unknown-condition-key', trust({ 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:a/b:pull_request' }))).toEqual([]);
    expect((await run('unknown-condition-key', trust({ 'gitlab.example.com:sub': 'x', 'token.actions.githubusercontent.com:subject': 'x' }))).map((f) => f.message)).toEqual([
      'condition key "gitlab.example.com:sub" does not exist',
      'condition key "token.actions.githubusercontent.com:subject" does not exist',
    ]);
  });

  it('resource-mismatch: an action paired with ARNs of another resource type', async () => {
    const bad = doc('identity-policy', [allow({ Action: ['s3:GetObject', 'iam:PassRole'], Resource: ['arn:aws:s3:::logs', 'not-an-arn'] })]);
    expect((await run('resource-mismatch', bad)).map((f) => f.message)).toEqual([
      'Resource "not-an-arn" is not an ARN (arn:partition:service:region:account:resource) or "*"',
      'Action "s3:GetObject" applies to none of the statement\'s resources (it takes arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}, arn:${Partition}:s3:::${BucketName}/${ObjectName})',
      'Action "iam:PassRole" applies to none of the statement\'s resources (it takes arn:${Partition}:iam::${Account}:role/${RoleNameWithPath})',
    ]);
    expect(await run('resource-mismatch', doc('identity-policy', [allow({ Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'] })]))).toEqual([]);
  });

  it('size-limit: an SCP over 5,120 characters, measured minified', async () => {
    const actions = Array.from({ length: 400 }, (_, i) => `ec2:Describe${i}`);
    const bad = doc('service-control-policy', [{ Effect: 'Deny', Action: actions, Resource: '*' }]);
    const size = JSON.stringify({ Statement: [{ Action: actions, Effect: 'Deny', Resource: '*' }], Version: '2012-10-17' }).length;
    expect(await run('size-limit', bad)).toEqual([{ message: `is ${size} characters, over the 5120 AWS allows for an SCP` }]);
    expect(await run('size-limit', doc('service-control-policy', [{ Effect: 'Deny', Action: actions.slice(0, 10), Resource: '*' }]))).toEqual([]);
  });

  it('allow-full-access: Allow * on *', async () => {
    expect(await run('allow-full-access', doc('identity-policy', [allow({ Action: '*', Resource: '*' })]))).toEqual([
      { statement: 'S1', message: 'allows every action ("Action": "*") on every resource ("Resource": "*")', value: '*' },
    ]);
    // An SCP's Allow * is the FullAWSAccess ceiling, not a grant.
    expect(await run('allow-full-access', doc('service-control-policy', [allow({ Action: '*', Resource: '*' })]))).toEqual([]);
  });

  it('allow-full-access: every spelling of all actions on all resources', async () => {
    // GIVEN statements that each amount to Allow * on *, spelled differently
    const spellings = doc('identity-policy', [
      { Sid: 'StarStar', Effect: 'Allow', Action: '*:*', Resource: 'arn:aws:*:*:*:*' },
      { Sid: 'ArnStar', Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: 'arn:*' },
      { Sid: 'Partition', Effect: 'Allow', Action: '?*:*', Resource: ['arn:aws:s3:::logs/*', 'arn:aws:*'] },
      { Sid: 'ColonStar', Effect: 'Allow', Action: '*', Resource: '*:*' },
      { Sid: 'NothingExcluded', Effect: 'Allow', NotAction: [], Resource: '*' },
      { Sid: 'UnknownExcluded', Effect: 'Allow', NotAction: ['nosuchservice:Thing'], NotResource: [] },
    ]);
    // WHEN the rule runs THEN each is administrator access
    expect((await run('allow-full-access', spellings)).map((f) => `${f.statement}: ${f.message} @${f.value}`)).toEqual([
      'StarStar: allows every action ("Action": "*:*") on every resource ("Resource": "arn:aws:*:*:*:*") @*:*',
      'ArnStar: allows every action ("Action": "*") on every resource ("Resource": "arn:*") @*',
      'Partition: allows every action ("Action": "?*:*") on every resource ("Resource": "arn:aws:*") @?*:*',
      'ColonStar: allows every action ("Action": "*") on every resource ("Resource": "*:*") @*',
      'NothingExcluded: allows every action ("NotAction": []) on every resource ("Resource": "*") @NotAction',
      'UnknownExcluded: allows every action ("NotAction": ["nosuchservice:Thing"], which excludes no action) on every resource ("NotResource": []) @NotAction',
    ]);
    // AND narrower ones are not: one service, one service's resources, a region, a real exclusion, a Deny
    const narrower = doc('identity-policy', [
      { Sid: 'OneService', Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Sid: 'OneServiceResources', Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::*' },
      { Sid: 'OneRegion', Effect: 'Allow', Action: '*:*', Resource: 'arn:aws:*:eu-west-1:*:*' },
      { Sid: 'Excludes', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      { Sid: 'Denies', Effect: 'Deny', Action: '*', Resource: '*' },
    ]);
    expect(await run('allow-full-access', narrower)).toEqual([]);
    // AND in a key or trust policy, Resource is the key or role itself
    expect((await run('allow-full-access', doc('key-policy', [allow({ Principal: { AWS: `arn:aws:iam::${OWN}:role/x` }, Action: '*:*', Resource: 'arn:aws:kms:*:*:key/*' })]))).map((f) => f.message)).toEqual([
      'allows every action ("Action": "*:*") on every resource (its resource)',
    ]);
  });

  it('allow-wildcard-write: a wildcard covering write actions', async () => {
    const [finding] = await run('allow-wildcard-write', doc('identity-policy', [allow({ Action: ['iam:Put*', 's3:Get*'], Resource: '*' })]));
    expect(finding.statement).toBe('S1');
    expect(finding.message).toMatch(/^Action "iam:Put\*" grants \d+ write actions \(\d+ of them permissions management\), and every one AWS adds later$/);
    expect(await run('allow-wildcard-write', doc('identity-policy', [allow({ Action: ['s3:Get*', 'ec2:Describe*'], Resource: '*' })]))).toEqual([]);
  });

  it('allow-star-resource-write: write actions on every resource', async () => {
    expect((await run('allow-star-resource-write', doc('identity-policy', [allow({ Action: ['s3:PutObject', 's3:GetObject'], Resource: '*' })]))).map((f) => f.message)).toEqual([
      'allows write actions on every resource ("Resource": "*"): s3:PutObject',
    ]);
    // ec2:CreateVpc-style wildcard-only reads and scoped writes pass.
    expect(await run('allow-star-resource-write', doc('identity-policy', [allow({ Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::logs/*' })]))).toEqual([]);
  });

  it('pass-role-any: iam:PassRole on every role without a condition', async () => {
    expect((await run('pass-role-any', doc('identity-policy', [allow({ Action: 'iam:PassRole', Resource: '*' })]))).map((f) => f.message)).toEqual([
      'allows iam:PassRole on every role without a condition',
    ]);
    expect(
      await run('pass-role-any', doc('identity-policy', [allow({ Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } })])),
    ).toEqual([]);
  });

  it('allow-not-element: Allow with NotAction or NotResource is an error, Deny is not', async () => {
    expect(packEntry('allow-not-element')!.severity).toBe('error');
    expect((await run('allow-not-element', doc('identity-policy', [allow({ NotAction: 'iam:*', Resource: '*' })]))).map((f) => f.message)).toEqual([
      'allows with NotAction: everything not listed is granted',
    ]);
    expect((await run('allow-not-element', doc('identity-policy', [allow({ Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' })]))).map((f) => f.message)).toEqual([
      'allows with NotResource: everything not listed is granted',
    ]);
    expect((await run('allow-not-element', doc('bucket-policy', [allow({ NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })]))).map((f) => f.message)).toEqual([
      'allows with NotPrincipal, which AWS supports only with Deny',
    ]);
    expect(await run('allow-not-element', doc('service-control-policy', [{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }]))).toEqual([]);
  });

  it('public-principal: Principal * without a condition', async () => {
    expect((await run('public-principal', doc('bucket-policy', [allow({ Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })]))).map((f) => f.message)).toEqual([
      'allows every principal ("Principal": "*") without a condition',
    ]);
    expect(
      await run('public-principal', doc('bucket-policy', [allow({ Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } } })])),
    ).toEqual([]);
  });

  it('cross-account-trust: another account without an external id or organization condition', async () => {
    const trust = (condition?: Json) => doc('trust-policy', [allow({ Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) })]);
    expect((await run('cross-account-trust', trust())).map((f) => f.message)).toEqual([
      'trusts arn:aws:iam::111111111111:root from another account without an sts:ExternalId or organization condition',
    ]);
    expect(await run('cross-account-trust', trust({ StringEquals: { 'sts:ExternalId': 'partner-7' } }))).toEqual([]);
    expect(await run('cross-account-trust', trust({ StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } }))).toEqual([]);
    // The role's own account is not cross-account.
    expect(await run('cross-account-trust', doc('trust-policy', [allow({ Principal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: 'sts:AssumeRole' })]))).toEqual([]);
  });
});
