/**
 * The IAM analysis gate (scripts/cloudsplaining.js): every cloudsplaining finding on a rendered
 * identity policy is fixed or accepted next to its template with a reason; accepted findings that no
 * longer occur are reported. Runs the real cloudsplaining from .venv (scripts/install-python-peers.sh).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../support/example';

const GATE = join(REPO, 'scripts', 'cloudsplaining.js');
const ESCALATING = { Version: '2012-10-17', Statement: [{ Sid: 'Keys', Effect: 'Allow', Action: ['iam:CreateAccessKey'], Resource: '*' }] };

/** A project with one rendered identity policy from policies/roles/tool-identity.json, and optionally its acceptance file. */
function project(accepted?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lz-cloudsplaining-'));
  mkdirSync(join(dir, 'out', 'policies', 'baseline-a'), { recursive: true });
  mkdirSync(join(dir, 'policies', 'roles'), { recursive: true });
  writeFileSync(join(dir, 'out', 'policies', 'baseline-a', 'role-tool.json'), JSON.stringify(ESCALATING));
  writeFileSync(
    join(dir, 'out', 'policies', 'index.json'),
    JSON.stringify([{ stack: 'baseline-a', name: 'role-tool', kind: 'identity-policy', file: 'baseline-a/role-tool.json', template: 'policies/roles/tool-identity.json', attachedTo: [] }]),
  );
  if (accepted !== undefined) writeFileSync(join(dir, 'policies', 'roles', 'tool-identity.cloudsplaining.yaml'), accepted);
  return dir;
}

function gate(dir: string) {
  const r = spawnSync(process.execPath, [GATE, '--out', join(dir, 'out'), '--project', dir], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const REASON = 'The tool rotates the access keys of the one IAM user its vendor requires, nothing else.';

describe('cloudsplaining gate', () => {
  it('GIVEN a policy that can create access keys for any user and no acceptance THEN it fails naming the findings and where to accept them', () => {
    const r = gate(project());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        'baseline-a/role-tool.json: PrivilegeEscalation: CreateAccessKey; narrow the template, or accept them in policies/roles/tool-identity.cloudsplaining.yaml under risk PrivilegeEscalation with the reason',
        'baseline-a/role-tool.json: ResourceExposure: iam:CreateAccessKey; narrow the template, or accept them in policies/roles/tool-identity.cloudsplaining.yaml under risk ResourceExposure with the reason',
        'baseline-a/role-tool.json: CredentialsExposure: iam:CreateAccessKey; narrow the template, or accept them in policies/roles/tool-identity.cloudsplaining.yaml under risk CredentialsExposure with the reason',
        '3 problems: cloudsplaining findings must be fixed or accepted with a reason',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN each finding accepted with a reason THEN it passes and counts them', () => {
    const r = gate(
      project(
        [
          `- { risk: PrivilegeEscalation, findings: [CreateAccessKey], reason: "${REASON}" }`,
          `- { risk: ResourceExposure, findings: ["iam:CreateAccessKey"], reason: "${REASON}" }`,
          `- { risk: CredentialsExposure, findings: ["iam:CreateAccessKey"], reason: "${REASON}" }`,
        ].join('\n'),
      ),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('cloudsplaining: 1 identity policy templates (1 documents): 3 findings, each accepted with its reason; none open\n');
  });

  it('GIVEN an accepted finding that no longer occurs THEN it fails asking to remove it', () => {
    const r = gate(
      project(
        [
          `- { risk: PrivilegeEscalation, findings: [CreateAccessKey, PassExistingRoleToNewLambdaThenInvoke], reason: "${REASON}" }`,
          `- { risk: ResourceExposure, findings: ["iam:CreateAccessKey"], reason: "${REASON}" }`,
          `- { risk: CredentialsExposure, findings: ["iam:CreateAccessKey"], reason: "${REASON}" }`,
        ].join('\n'),
      ),
    );
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'policies/roles/tool-identity.cloudsplaining.yaml: PrivilegeEscalation: PassExistingRoleToNewLambdaThenInvoke accepted but no longer found in baseline-a/role-tool.json; remove them from the file',
    );
  });

  it('GIVEN an acceptance without a reason THEN it is refused with exit 2', () => {
    const r = gate(project('- { risk: PrivilegeEscalation, findings: [CreateAccessKey] }\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('policies/roles/tool-identity.cloudsplaining.yaml entry 1: needs a reason (why this is acceptable here), at least a sentence\n');
  });
});
