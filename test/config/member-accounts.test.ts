import { loadLandingZone } from '../../src/config/load';
import { exampleProject, inDir, type TestProject } from '../support/example';
import { problemsOf } from '../support/problems';
import { resources, synthStack } from '../support/synth';

let project: TestProject;
beforeEach(() => {
  project = exampleProject();
  project.write(
    'config/organization.yaml',
    `${project.read('config/organization.yaml')}accounts:\n  old-experiment:\n    email: old-experiment@acme.example\n    ou: Sandbox\n`,
  );
  project.write(
    'config/accounts.lock.yaml',
    `${project.read('config/accounts.lock.yaml')}  old-experiment: { id: "777777777701", email: old-experiment@acme.example, ouPath: Sandbox, status: ACTIVE }\n`,
  );
});
afterEach(() => project.remove());

describe('member accounts (organization.yaml `accounts`)', () => {
  it('GIVEN an account under accounts THEN it resolves as a member with the home region and its OU rule set', () => {
    const lz = inDir(project.dir, () => loadLandingZone('config'));
    const member = lz.accounts.find((a) => a.name === 'old-experiment')!;
    expect(member).toMatchObject({
      kind: 'member',
      email: 'old-experiment@acme.example',
      ou: 'Sandbox',
      regions: ['eu-west-1'],
      state: 'active',
      configRuleSet: 'baseline',
      tags: { 'managed-by': 'landing-zone', organization: 'acme', role: 'member' },
    });
    expect(member.vpc).toBeUndefined();
  });

  it('GIVEN a member whose email a product uses THEN the duplicate is reported at the product, naming the member', () => {
    project.replace('config/products/catalog.yaml', 'email: aws+catalog-dev@acme.example', 'email: old-experiment@acme.example');
    expect(problemsOf(project)).toEqual([
      'config/products/catalog.yaml:21:14 environments.dev.account.email: email "old-experiment@acme.example" is already used by config/organization.yaml accounts.old-experiment; AWS requires a unique root email per account; use another address, e.g. with a +suffix',
    ]);
  });

  it('GIVEN a member in an unknown OU THEN the OU problem points at the entry', () => {
    project.replace('config/organization.yaml', '    ou: Sandbox\n', '    ou: Sandbx\n');
    expect(problemsOf(project)[0]).toMatch(/^config\/organization\.yaml:\d+:9 accounts\.old-experiment\.ou: OU "Sandbx" does not exist; use one of /);
  });

  it('GIVEN a member THEN the organization stack places it and its baseline has keys, roles and Config but no VPC', () => {
    const lz = inDir(project.dir, () => loadLandingZone('config'));
    const account = resources(synthStack(lz, 'organization').json, 'aws_organizations_account')['account-old-experiment'];
    expect(account.parent_id).toBe('${aws_organizations_organizational_unit.ou-Sandbox.id}');
    expect(account.close_on_deletion).toBe(false);
    const baseline = synthStack(lz, 'baseline-old-experiment').json;
    expect(Object.keys(resources(baseline, 'aws_kms_key'))).toHaveLength(2);
    expect(Object.keys(resources(baseline, 'aws_iam_role'))).toHaveLength(3);
    expect(Object.keys(resources(baseline, 'aws_config_configuration_recorder'))).toHaveLength(1);
    expect(resources(baseline, 'aws_vpc')).toEqual({});
  });
});
