/**
 * Synth fails, naming the stack and the resource, when a stack deploys a policy document that is
 * not in the policy model: lint, diff and prove read only the model.
 */
import { uncoveredPolicies } from '../../src/synth/policy-coverage';

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
