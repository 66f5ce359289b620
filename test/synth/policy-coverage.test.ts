/**
 * Synth fails, naming the stack and the resource, when a stack deploys a policy document that is
 * not in the policy model: lint, diff and prove read only the model.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { uncoveredPolicies } from '../../src/synth/policy-coverage';
import { exampleProject, type TestProject } from '../support/example';
import { lz } from '../support/cli';

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const FIX = 'record it with recordPolicy from src/policies/registry (or use the product kit grant methods, which record it)';
const NOT_IN_MODEL = 'holds a policy document that is not in the policy model, so lint, diff and prove would not see it';

describe('policy coverage', () => {
  it('GIVEN a role whose trust policy is recorded and an inline policy {"Action":"*","Resource":"*"} that is not THEN only the inline policy is named', () => {
    const terraform = {
      resource: {
        aws_iam_role: {
          api: { name: 'api', assume_role_policy: JSON.stringify(TRUST), inline_policy: [{ name: 'all', policy: JSON.stringify(ALLOW_ALL) }] },
        },
      },
    };
    expect(uncoveredPolicies('product-payments-prod', terraform, [TRUST])).toEqual([
      { file: 'stack product-payments-prod', path: 'aws_iam_role.api.inline_policy[0].policy', message: NOT_IN_MODEL, fix: FIX },
    ]);
  });

  it('GIVEN recorded documents written with other key order and Terraform literal escapes THEN they count as recorded', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:PrincipalAccount}/*' }] };
    const written = '{"Statement":[{"Resource":"arn:aws:s3:::b/$${aws:PrincipalAccount}/*","Action":"s3:*","Effect":"Deny"}],"Version":"2012-10-17"}';
    expect(uncoveredPolicies('s', { resource: { aws_s3_bucket_policy: { b: { bucket: 'b', policy: written } } } }, [doc])).toEqual([]);
  });

  it('GIVEN a deployed document with apply-time values THEN it matches the recorded document naming them, and not one that differs elsewhere', () => {
    const recorded = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*', Principal: { AWS: 'arn:aws:iam::1:role/<the principal that applies this stack>' } }] };
    const deployed = (action: string) =>
      `{"Statement":[{"Action":"${action}","Effect":"Allow","Principal":{"AWS":"\${data.aws_iam_session_context.s.issuer_arn}"},"Resource":"*"}],"Version":"2012-10-17"}`;
    const terraform = (action: string) => ({ resource: { aws_kms_key: { k: { policy: deployed(action) } } } });
    expect(uncoveredPolicies('s', terraform('kms:*'), [recorded])).toEqual([]);
    expect(uncoveredPolicies('s', terraform('*'), [recorded])).toEqual([{ file: 'stack s', path: 'aws_kms_key.k.policy', message: NOT_IN_MODEL, fix: FIX }]);
  });

  it('GIVEN a resource type not in the list that holds a JSON policy document THEN it is still named', () => {
    const terraform = { resource: { aws_some_new_service_policy: { p: { settings: { resource_policy: JSON.stringify(ALLOW_ALL) } } } } };
    expect(uncoveredPolicies('s', terraform, [])).toEqual([{ file: 'stack s', path: 'aws_some_new_service_policy.p.settings.resource_policy', message: NOT_IN_MODEL, fix: FIX }]);
  });

  it('GIVEN a policy attribute that is a Terraform expression THEN it is named as unreadable', () => {
    const terraform = { resource: { aws_iam_role_policy: { p: { role: 'r', policy: '${data.aws_iam_policy_document.x.json}' } } } };
    expect(uncoveredPolicies('s', terraform, [])).toEqual([
      {
        file: 'stack s',
        path: 'aws_iam_role_policy.p.policy',
        message: 'holds a policy that is not a literal JSON document, so no review can read it',
        fix: 'build the document in the stack as JSON and record it with recordPolicy (or use the product kit grant methods)',
      },
    ]);
  });

  it('GIVEN an SCP not recorded and a tag policy THEN the SCP is named and the tag policy (not an IAM document) is not', () => {
    const terraform = {
      resource: {
        aws_organizations_policy: {
          scp: { name: 'x', content: JSON.stringify(ALLOW_ALL) },
          tags: { name: 't', type: 'TAG_POLICY', content: JSON.stringify({ tags: { team: { tag_key: { '@@assign': 'team' } } } }) },
        },
      },
    };
    expect(uncoveredPolicies('organization', terraform, []).map((p) => p.path)).toEqual(['aws_organizations_policy.scp.content']);
  });
});

describe('lz synth with a product stack that adds a policy behind the review', () => {
  let project: TestProject;
  beforeEach(() => {
    project = exampleProject();
  });
  afterEach(() => project.remove());

  it('GIVEN an inline role policy {"Action":"*","Resource":"*"} added without recordPolicy THEN synth exits 2 naming each stack and the resource, and writes nothing', async () => {
    project.replace(
      'products/payments/stack.ts',
      'export default function payments(stack: ProductStack): void {',
      [
        "import { IamRole } from '@cdktf/provider-aws/lib/iam-role';",
        'export default function payments(stack: ProductStack): void {',
        "  new IamRole(stack, 'backdoor', {",
        '    provider: stack.awsProvider,',
        "    name: 'backdoor',",
        "    assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),",
        "    inlinePolicy: [{ name: 'all', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }],",
        '  });',
      ].join('\n'),
    );

    const result = await lz(project.dir, 'synth');

    expect(result.code).toBe(2);
    const stacks = ['product-payments-prod', 'product-payments-staging'];
    expect(result.stderr).toBe(
      [
        ...stacks.flatMap((s) => [
          `stack ${s} aws_iam_role.backdoor.assume_role_policy: ${NOT_IN_MODEL}; ${FIX}`,
          `stack ${s} aws_iam_role.backdoor.inline_policy[0].policy: ${NOT_IN_MODEL}; ${FIX}`,
        ]),
        '4 problems found; nothing was written.',
        '',
      ].join('\n'),
    );
    expect(existsSync(join(project.dir, 'cdktf.out'))).toBe(false);
  });
});
