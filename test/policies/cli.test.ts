/**
 * `lz policy lint`, `lz policy diff` and `lz policy prove` on copies of the example organization,
 * including the "done when": dropping the region deny is reported as broadening with the
 * actions and accounts that gain access (exit 3); an unknown action fails lint naming the document
 * and the statement (exit 2).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { lz } from '../support/cli';
import { exampleProject, type TestProject } from '../support/example';

const MEMBER_ACCOUNTS =
  'acme-audit, acme-log-archive, acme-network, acme-shared-services, analytics-nonprod, analytics-prod, analytics-sandbox, catalog-dev, catalog-prod, payments-prod, payments-staging';

/** The example project as a git repository whose main branch is the unchanged example. */
function gitProject(): TestProject {
  const p = exampleProject();
  const git = (...args: string[]) => execFileSync('git', args, { cwd: p.dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-q', '-m', 'example');
  return p;
}

/**
 * The break-glass role is administrator access by design, trusted from the management account with
 * MFA: its two lint errors are accepted the way a security team would accept them.
 */
function acceptBreakGlass(p: TestProject): void {
  p.write(
    'policies/roles/break-glass-identity.suppressions.yaml',
    '- id: pass-role-any\n  statement: RepairTheLandingZone\n  reason: break-glass repairs the landing zone, which may mean passing any of its roles\n',
  );
  p.write(
    'policies/roles/break-glass-trust.suppressions.yaml',
    '- id: cross-account-trust\n  statement: ManagementAccountWithRecentMfa\n  reason: the management account is our own and the statement requires MFA within the hour\n',
  );
}

let project: TestProject;
afterEach(() => project?.remove());

describe('lz policy lint', () => {
  it('passes the example organization, showing the accepted break-glass finding with its reason, and fails without it', async () => {
    // GIVEN the example organization as it is, with its suppression files
    project = exampleProject();
    // WHEN lint runs THEN it passes and lists each accepted finding with its reason
    const accepted = await lz(project.dir, 'policy', 'lint');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain(
      '  policies/roles/break-glass-identity.json:20:7 pass-role-any: baseline-acme-log-archive/role-LandingZoneBreakGlass-identity (and 10 more documents from the same template) statement RepairTheLandingZone: ' +
        'allows iam:PassRole on every role without a condition [suppressed in policies/roles/break-glass-identity.suppressions.yaml: Break-glass exists to repair an account',
    );
    // AND the break-glass trust needs no suppression: it names its principals (aws:PrincipalArn)
    expect(accepted.stdout).not.toContain('cross-account-trust');
    expect(accepted.stdout.trim().split('\n').pop()).toMatch(/^\d+ documents: 0 errors, \d+ warnings, 0 notes, 13 suppressed\.$/);
    // AND WHEN the suppression is removed THEN the break-glass error fails it
    rmSync(join(project.dir, 'policies/roles/break-glass-identity.suppressions.yaml'));
    const before = await lz(project.dir, 'policy', 'lint');
    expect(before.code).toBe(2);
    expect(before.stdout.split('\n').filter((l) => / error /.test(l)).map((l) => l.split(':')[0] + ' ' + l.split(' ')[2])).toEqual([
      'policies/roles/break-glass-identity.json pass-role-any:',
    ]);
  });

  it('fails on an unknown action, naming the template line, the document and the statement', async () => {
    // GIVEN an SCP with a misspelled action
    project = exampleProject();
    project.replace('policies/scp/deny-leave-organization.json', 'organizations:LeaveOrganization', 'organizations:LeaveOrganisation');
    // WHEN lint runs
    const r = await lz(project.dir, 'policy', 'lint');
    // THEN it exits 2 with the finding
    expect(r.code).toBe(2);
    expect(r.stdout.split('\n')[0]).toBe(
      'policies/scp/deny-leave-organization.json:7:17 error unknown-action: organization/deny-leave-organization statement DenyLeaveOrganization: ' +
        'Action "organizations:LeaveOrganisation" is not a organizations action; use an action from the Service Authorization Reference (check spelling and service prefix)',
    );
  });

  it('shows a suppression with its reason and then passes', async () => {
    project = exampleProject();
    acceptBreakGlass(project);
    project.replace('policies/scp/deny-leave-organization.json', 'organizations:LeaveOrganization', 'organizations:LeaveOrganisation');
    project.write(
      'policies/scp/deny-leave-organization.suppressions.yaml',
      '- id: unknown-action\n  statement: DenyLeaveOrganization\n  reason: the action ships next month and is announced in the AWS preview\n',
    );
    const r = await lz(project.dir, 'policy', 'lint');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '  policies/scp/deny-leave-organization.json:7:17 unknown-action: organization/deny-leave-organization statement DenyLeaveOrganization: ' +
        'Action "organizations:LeaveOrganisation" is not a organizations action [suppressed in policies/scp/deny-leave-organization.suppressions.yaml: the action ships next month and is announced in the AWS preview]',
    );
  });

  it('rejects a suppression without a reason, as bad input', async () => {
    project = exampleProject();
    project.write('policies/scp/deny-all.suppressions.yaml', '- id: allow-full-access\n');
    const r = await lz(project.dir, 'policy', 'lint');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('policies/scp/deny-all.suppressions.yaml:1:3 0: has no reason; say in a sentence why the finding is acceptable here\n');
  });

  it('prints JSON findings with --format json', async () => {
    project = exampleProject();
    project.replace('policies/scp/deny-leave-organization.json', 'organizations:LeaveOrganization', 'organizations:LeaveOrganisation');
    const r = await lz(project.dir, 'policy', 'lint', '--format', 'json');
    const json = JSON.parse(r.stdout);
    expect(json.findings.filter((f: { id: string }) => f.id === 'unknown-action')).toEqual([
      {
        col: 17,
        document: 'organization/deny-leave-organization',
        file: 'policies/scp/deny-leave-organization.json',
        fix: 'use an action from the Service Authorization Reference (check spelling and service prefix)',
        id: 'unknown-action',
        line: 7,
        message: 'Action "organizations:LeaveOrganisation" is not a organizations action',
        severity: 'error',
        statement: 'DenyLeaveOrganization',
      },
    ]);
  });
});

describe('lz policy diff', () => {
  it('reports dropping the region deny as broadening, naming actions and accounts, and exits 3', async () => {
    // GIVEN the region SCP no longer attached to the root
    project = gitProject();
    project.replace('config/organization.yaml', '    - deny-outside-allowed-regions\n', '');
    // WHEN diffing against main
    const r = await lz(project.dir, 'policy', 'diff', '--base', 'main');
    // THEN it is broadening, and every member account's principals gain the regional actions in us-east-1
    expect(r.code).toBe(3);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      '**Policy review: broadening, security approval needed.** 1 policy document changed (1 broadening); 33 principals gained 308 permissions, 0 principals lost 0 permissions.',
    );
    expect(lines).toContain(
      `| gained | any principal in 11 accounts | ${MEMBER_ACCOUNTS} | us-east-1 | ` +
        'ec2:AttachInternetGateway on internet-gateway/igw-example, ec2:AuthorizeSecurityGroupIngress on security-group/sg-example, ec2:CreateRoute on route-table/rtb-example, ' +
        'ec2:CreateVpc on vpc/*, ec2:RunInstances on instance/*, kms:CreateKey on *, kms:PutKeyPolicy on key/example, kms:ScheduleKeyDeletion on key/example, ' +
        's3:GetObject on example/data, s3:PutBucketPolicy on example |',
    );
    expect(lines).toContain('Attachments: detached from `root` (broadening).');
  });

  it('reports a removed deny statement with its actions', async () => {
    project = gitProject();
    const text = project.read('policies/scp/protect-landing-zone.json');
    const doc = JSON.parse(text);
    doc.Statement = doc.Statement.filter((s: { Sid: string }) => s.Sid !== 'ProtectFlowLogsLogGroupsAndParameters');
    project.write('policies/scp/protect-landing-zone.json', JSON.stringify(doc, null, 2));
    const r = await lz(project.dir, 'policy', 'diff', '--base', 'main', '--format', 'json');
    expect(r.code).toBe(3);
    const json = JSON.parse(r.stdout);
    expect(json.documents.map((d: { document: string; direction: string }) => `${d.document} ${d.direction}`)).toEqual(['organization/protect-landing-zone broadening']);
    expect(json.documents[0].statements.map((s: { change: string; before: { sid: string }; direction: string }) => `${s.change} ${s.before.sid} ${s.direction}`)).toEqual([
      'removed ProtectFlowLogsLogGroupsAndParameters broadening',
    ]);
    const gained = new Set(json.access.filter((a: { change: string }) => a.change === 'gained').map((a: { action: string }) => a.action));
    expect([...gained].sort()).toEqual(['ec2:DeleteFlowLogs', 'logs:DeleteLogGroup']);
  });

  it('reports a new wildcard in a condition as broadening: every principal escapes the CloudTrail guard', async () => {
    project = gitProject();
    // (the first exemption in the file is ProtectSecurityServicesAndAccountSettings')
    project.replace('policies/scp/protect-landing-zone.json', '"aws:PrincipalArn": "arn:aws:iam::*:role/${roles.bootstrap}"', '"aws:PrincipalArn": "arn:aws:iam::*:role/*"');
    const r = await lz(project.dir, 'policy', 'diff', '--base', 'main');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(
      '| changed | ProtectSecurityServicesAndAccountSettings | Deny | condition ArnNotLike aws:PrincipalArn: arn:aws:iam::*:role/OrganizationAccountAccessRole → arn:aws:iam::*:role/* |  |  |  | broadening |',
    );
    expect(r.stdout).toContain(
      `| gained | any principal in 11 accounts | ${MEMBER_ACCOUNTS} | eu-central-1 | cloudtrail:DeleteTrail on trail/organization, cloudtrail:StopLogging on trail/organization, ` +
        'config:DeleteConfigurationRecorder on *, config:DeleteDeliveryChannel on *, config:StopConfigurationRecorder on *, guardduty:DeleteDetector on detector/example |',
    );
  });

  it('reports a new trust principal outside the organization as broadening, naming every role it may now assume', async () => {
    // GIVEN the audit role also trusts a vendor's account that holds an external id
    project = gitProject();
    project.replace(
      'policies/roles/audit-trust.json',
      '  "Statement": [\n',
      '  "Statement": [\n    {\n      "Sid": "VendorAudit",\n      "Effect": "Allow",\n      "Principal": { "AWS": "arn:aws:iam::999999999999:root" },\n' +
        '      "Action": "sts:AssumeRole",\n      "Condition": { "StringEquals": { "sts:ExternalId": "vendor-7f3a" } }\n    },\n',
    );
    // WHEN the change is diffed
    const r = await lz(project.dir, 'policy', 'diff', '--base', 'main');
    // THEN it is broadening; the vendor gains the audit role of all 12 accounts; the statement change reads once
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n')[0]).toBe(
      '**Policy review: broadening, security approval needed.** 12 policy documents changed (12 broadening); 1 principal gained 12 permissions, 0 principals lost 0 permissions.',
    );
    expect(r.stdout).toContain('| gained | any principal in account 999999999999 (outside the organization) | 999999999999 | eu-west-1 | sts:AssumeRole on role:acme-audit/LandingZoneAudit, ');
    expect(r.stdout).toContain('#### `role-LandingZoneAudit-trust` in 12 stacks (trust-policy, changed): broadening');
    expect(r.stdout).toContain('| added | VendorAudit | Allow | `sts:AssumeRole` |  | `arn:aws:iam::999999999999:root` | StringEquals sts:ExternalId: vendor-7f3a | broadening |');
    expect(r.stdout.match(/\| added \| VendorAudit \|/g)).toHaveLength(1);
  });

  it('GIVEN an outside account trusted only under an organization condition THEN it gains nothing, as it carries no organization id', async () => {
    project = gitProject();
    project.replace(
      'policies/roles/audit-trust.json',
      '  "Statement": [\n',
      '  "Statement": [\n    {\n      "Sid": "OrgOnly",\n      "Effect": "Allow",\n      "Principal": { "AWS": "arn:aws:iam::999999999999:root" },\n' +
        '      "Action": "sts:AssumeRole",\n      "Condition": { "StringEquals": { "aws:PrincipalOrgID": "${organizationId}" } }\n    },\n',
    );
    const r = await lz(project.dir, 'policy', 'diff', '--base', 'main');
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toMatch(/; 0 principals gained 0 permissions, 0 principals lost 0 permissions\.$/);
  });

  it('GIVEN a new trust principal that a condition still pins to the audit account THEN the statement broadens but nobody gains access', async () => {
    project = gitProject();
    project.replace(
      'policies/roles/audit-trust.json',
      '"Principal": { "AWS": "arn:aws:iam::${auditAccountId}:root" }',
      '"Principal": { "AWS": ["arn:aws:iam::${auditAccountId}:root", "arn:aws:iam::999999999999:root"] }',
    );
    const r = await lz(project.dir, 'policy', 'diff', '--base', 'main');
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n')[0]).toBe(
      '**Policy review: broadening, security approval needed.** 12 policy documents changed (12 broadening); 0 principals gained 0 permissions, 0 principals lost 0 permissions.',
    );
  });

  it('reports an account moved into the suspended OU as narrowing only, and exits 0', async () => {
    project = gitProject();
    project.replace('config/products/catalog.yaml', 'ou: Workloads/NonProd', 'ou: Suspended');
    const r = await lz(project.dir, 'policy', 'diff', '--base', 'main');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      '**Policy review: no broadening.** 0 policy documents changed (0 broadening); 0 principals gained 0 permissions, 3 principals lost 86 permissions.',
    );
    expect(r.stdout).toContain('| lost | any principal in catalog-dev | catalog-dev | us-east-1 |');
  });

  it('reports no change and exits 0 when nothing changed', async () => {
    project = gitProject();
    const r = await lz(project.dir, 'policy', 'diff');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('**Policy review: no broadening.** 0 policy documents changed (0 broadening); 0 principals gained 0 permissions, 0 principals lost 0 permissions.');
  });

  it('names an unknown base ref as bad input', async () => {
    project = gitProject();
    const r = await lz(project.dir, 'policy', 'diff', '--base', 'no-such-branch');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('command line: --base no-such-branch is not a commit in this repository; name a branch, tag or commit (git fetch it first in a shallow CI clone)\n');
  });
});

describe('lz policy prove', () => {
  it('proves every guardrail on the example organization', async () => {
    project = exampleProject();
    const r = await lz(project.dir, 'policy', 'prove', '--format', 'json');
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as { id: string; status: string }[];
    const byId = Object.fromEntries(results.map((x) => [x.id, x.status]));
    expect(byId['no-leave-organization']).toBe('holds');
    expect(byId['cloudtrail-protected']).toBe('holds');
    expect(byId['config-protected']).toBe('holds');
    expect(byId['flow-logs-protected']).toBe('holds');
    expect(byId['allowed-regions-only']).toBe('holds');
    expect(byId['no-cross-product-data']).toBe('holds');
    expect(byId['deploy-role-needs-boundary']).toBe('holds');
    expect(byId['break-glass-needs-mfa']).toBe('holds');
  });

  it('fails the region guardrail, with counterexamples, when the region SCP is detached', async () => {
    project = exampleProject();
    project.replace('config/organization.yaml', '    - deny-outside-allowed-regions\n', '');
    const r = await lz(project.dir, 'policy', 'prove');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAILS            allowed-regions-only: no member account principal can act outside the allowed regions (global services excepted) (1239 requests)');
    expect(r.stdout).toContain('    LandingZoneBreakGlass in acme-log-archive may ec2:RunInstances on arn:aws:ec2:us-east-1:222222222201:instance/* in us-east-1');
    const json = await lz(project.dir, 'policy', 'prove', '--format', 'json');
    const regions = (JSON.parse(json.stdout) as { id: string; counterexamples: string[] }[]).find((x) => x.id === 'allowed-regions-only')!;
    expect(regions.counterexamples).toContain('any principal in payments-prod may ec2:RunInstances on arn:aws:ec2:us-east-1:555555555501:instance/* in us-east-1');
  });
});
