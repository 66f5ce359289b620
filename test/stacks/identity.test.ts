/** The identity stack: Identity Center permission sets and group assignments from config, validated. */
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { loadLandingZone } from '../../src/config/load';
import { resolveAssignments } from '../../src/config/identity-assignments';
import { buildApp } from '../../src/synth/synth';
import { REPO } from '../support/example';
import { blockAt, blocksOf, refTo, terraformJson } from '../modules/harness';

const lz = loadLandingZone(join(REPO, 'config'));
const json = terraformJson(buildApp(Testing.app() as App, lz, ['identity'])[0]) as Record<string, any>;
const INSTANCE = '${element(tolist(data.aws_ssoadmin_instances.instances.arns), 0)}';
const withAssignments = (assignments: any[]) => ({ ...lz, organization: { ...lz.organization, identityCenter: { assignments } } });

describe('identity stack', () => {
  it('GIVEN the example THEN four permission sets exist with their session lengths (operator 2h from config) in the Identity Center instance', () => {
    const sets = Object.values(blocksOf(json, 'aws_ssoadmin_permission_set')).map((s) => [s.name, s.session_duration, s.instance_arn]);
    expect(sets).toEqual([
      ['LandingZone-read-only', 'PT8H', INSTANCE],
      ['LandingZone-developer', 'PT8H', INSTANCE],
      ['LandingZone-operator', 'PT2H', INSTANCE],
      ['LandingZone-break-glass', 'PT1H', INSTANCE],
    ]);
  });

  it('THEN developer and operator carry the product permissions boundary, and the others do not', () => {
    const bounded = Object.values(blocksOf(json, 'aws_ssoadmin_permissions_boundary_attachment')).map((b) => [b.permission_set_arn, b.permissions_boundary]);
    const boundary = { customer_managed_policy_reference: { name: 'product-boundary', path: '/landing-zone/' } };
    expect(bounded).toEqual([
      [refTo(json, 'aws_ssoadmin_permission_set', 'permission-set-developer', 'arn'), boundary],
      [refTo(json, 'aws_ssoadmin_permission_set', 'permission-set-operator', 'arn'), boundary],
    ]);
    expect(blockAt(json, 'aws_ssoadmin_managed_policy_attachment', 'permission-set-read-only-ReadOnlyAccess').managed_policy_arn).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    // The operator manages only the /product/ roles and policies: no IAMFullAccess.
    expect(Object.values(blocksOf(json, 'aws_ssoadmin_managed_policy_attachment')).map((a) => a.managed_policy_arn)).not.toContain('arn:aws:iam::aws:policy/IAMFullAccess');
    const inline = blockAt(json, 'aws_ssoadmin_permission_set_inline_policy', 'permission-set-operator-iam');
    expect(inline.permission_set_arn).toBe(refTo(json, 'aws_ssoadmin_permission_set', 'permission-set-operator', 'arn'));
    expect(JSON.parse(inline.inline_policy).Statement[0].Resource).toEqual(['arn:aws:iam::*:role/product/*', 'arn:aws:iam::*:policy/product/*']);
  });

  it('THEN each directory group is looked up by display name and assigned to the accounts config selects', () => {
    const groups = Object.values(blocksOf(json, 'aws_identitystore_group', 'data')).map((g) => g.alternate_identifier.unique_attribute.attribute_value);
    expect(groups).toEqual(['Auditors', 'Payments Developers', 'Platform', 'Security Responders']);
    const assignments = Object.values(blocksOf(json, 'aws_ssoadmin_account_assignment')).map((a) => `${a.principal_id.split('.')[2]} ${a.permission_set_arn.split('.')[1]} ${a.target_id}`);
    expect(resolveAssignments(lz).assignments.map((a) => `${a.group} / ${a.permissionSet} / ${a.account}`)).toEqual([
      'Auditors / read-only / acme-audit',
      'Auditors / read-only / acme-log-archive',
      'Payments Developers / developer / payments-staging',
      'Platform / operator / analytics-nonprod',
      'Platform / operator / analytics-prod',
      'Platform / operator / catalog-dev',
      'Platform / operator / catalog-prod',
      'Platform / operator / payments-prod',
      'Platform / operator / payments-staging',
      'Security Responders / break-glass / acme-log-archive',
    ]);
    expect(assignments).toHaveLength(10);
    const one = blockAt(json, 'aws_ssoadmin_account_assignment', 'assignment-Payments-Developers-developer-payments-staging');
    expect([one.principal_type, one.target_type, one.target_id, one.principal_id]).toEqual(['GROUP', 'AWS_ACCOUNT', '555555555502', refTo(json, 'aws_identitystore_group', 'group-Payments-Developers', 'group_id', 'data')]);
  });

  it('GIVEN an unknown permission set, product, environment or account THEN each is a clear error listing the allowed values', () => {
    const { problems } = resolveAssignments(
      withAssignments([
        { group: 'X', permissionSet: 'admin', accounts: ['acme-audit'] },
        { group: 'X', permissionSet: 'read-only', products: ['billing'], environments: ['qa'], accounts: ['nope'] },
      ]),
    );
    expect(problems.map((p) => `${p.path}: ${p.message}; ${p.fix}`)).toEqual([
      'identityCenter.assignments.0.permissionSet: permission set "admin" is not defined; use one of read-only, developer, operator, break-glass',
      'identityCenter.assignments.1.products.0: product "billing" is not defined; use one of analytics, catalog, payments',
      'identityCenter.assignments.1.environments.0: environment "qa" is not defined in any product; use one of dev, nonprod, prod, sandbox, staging',
      `identityCenter.assignments.1.accounts.0: account "nope" is not defined; use one of ${lz.accounts.map((a) => a.name).join(', ')}`,
    ]);
  });

  it('GIVEN a bounded permission set for the management account THEN it is refused: the boundary does not exist there', () => {
    const { problems } = resolveAssignments(withAssignments([{ group: 'X', permissionSet: 'developer', accounts: ['acme-management'] }]));
    expect(problems.map((p) => p.message)).toEqual(['permission set "developer" carries the permissions boundary, which the management account acme-management does not have']);
  });

  it('GIVEN payments-staging suspended THEN neither its product nor its account selects it: its assignments are removed, the others stay', () => {
    const suspended = { ...lz, accounts: lz.accounts.map((a) => (a.name === 'payments-staging' ? { ...a, state: 'suspended' as const } : a)) };
    const before = resolveAssignments(lz).assignments.map((a) => `${a.group} / ${a.permissionSet} / ${a.account}`);
    const after = resolveAssignments({
      ...suspended,
      organization: { ...suspended.organization, identityCenter: { ...suspended.organization.identityCenter, assignments: [...(lz.organization.identityCenter?.assignments ?? []), { group: 'Platform', permissionSet: 'read-only', accounts: ['payments-staging'] }] } },
    });
    expect(after.problems).toEqual([]);
    expect(after.assignments.map((a) => `${a.group} / ${a.permissionSet} / ${a.account}`)).toEqual(before.filter((a) => !a.endsWith(' / payments-staging')));
    const synthesized = terraformJson(buildApp(Testing.app() as App, suspended, ['identity'])[0]) as Record<string, any>;
    expect(Object.values(blocksOf(synthesized, 'aws_ssoadmin_account_assignment')).map((a) => a.target_id)).not.toContain('555555555502');
    expect(Object.keys(blocksOf(synthesized, 'aws_ssoadmin_account_assignment'))).toHaveLength(8);
  });
});
