import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exampleProject, type TestProject } from '../support/example';
import { lz } from '../support/cli';

let project: TestProject;
beforeAll(() => {
  project = exampleProject();
});
afterAll(() => project.remove());

describe('lz synth of the example organization', () => {
  it('GIVEN the example WHEN synthesized THEN it writes security, network and one baseline per account, in deploy order', async () => {
    const result = await lz(project.dir, 'synth');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Synthesized 19 stacks into cdktf\.out in \d+ ms: bootstrap, organization, security, network, baseline-acme-management, baseline-acme-log-archive, baseline-acme-audit, baseline-acme-network, baseline-acme-shared-services, baseline-analytics-nonprod, baseline-analytics-prod, baseline-analytics-sandbox, baseline-catalog-dev, baseline-catalog-prod, baseline-payments-prod, baseline-payments-staging, identity, product-payments-prod, product-payments-staging\n$/,
    );
    for (const stack of ['security', 'network', 'baseline-payments-prod', 'baseline-acme-management']) {
      expect([stack, existsSync(join(project.dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'))]).toEqual([stack, true]);
    }
  });

  it('THEN the policy index lists the baseline documents with their targets and ARNs', () => {
    const index = JSON.parse(readFileSync(join(project.dir, 'cdktf.out', 'policies', 'index.json'), 'utf8')) as any[];
    const deploy = index.find((e) => e.stack === 'baseline-catalog-prod' && e.name === 'role-LandingZoneDeploy-identity');
    expect(deploy).toEqual({
      stack: 'baseline-catalog-prod',
      name: 'role-LandingZoneDeploy-identity',
      kind: 'identity-policy',
      file: 'baseline-catalog-prod/role-LandingZoneDeploy-identity.json',
      attachedTo: ['role:catalog-prod/LandingZoneDeploy'],
      arns: ['arn:aws:iam::444444444402:role/LandingZoneDeploy'],
      account: 'catalog-prod',
      template: 'policies/roles/deploy-identity.json',
    });
    const kinds = new Set(index.filter((e) => e.stack.startsWith('baseline-') || e.stack === 'security').map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['bucket-policy', 'identity-policy', 'key-policy', 'permissions-boundary', 'resource-policy', 'trust-policy']);
  });

  it('GIVEN a role template with an unknown placeholder WHEN synthesized THEN it names the file, place and known placeholders, and writes nothing', async () => {
    const p = exampleProject();
    try {
      p.replace('policies/roles/audit-identity.json', '"tag:GetResources"', '"${auditBucket}"');
      const result = await lz(p.dir, 'synth');
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'policies/roles/audit-identity.json:74:10: unknown placeholder ${auditBucket}; use one of accountId, accountName, allowedRegions, auditAccountId, boundaryPolicyArn, breakGlassPrincipalArns, homeRegion, managementAccountId, organizationId, organizationName, roles.audit, roles.auditor, roles.bootstrap, roles.breakGlass, roles.deploy, roles.pipeline, stateBucket\n',
      );
      expect(existsSync(join(p.dir, 'cdktf.out'))).toBe(false);
    } finally {
      p.remove();
    }
  });

  it('GIVEN a missing role template WHEN synthesized THEN it says which file to restore', async () => {
    const p = exampleProject();
    try {
      rmSync(join(p.dir, 'policies/roles/break-glass-trust.json'));
      const result = await lz(p.dir, 'synth');
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'policies/roles/break-glass-trust.json: does not exist or cannot be read; restore policies/roles/break-glass-trust.json (git checkout -- policies/roles/break-glass-trust.json); the landing-zone roles are built from it\n',
      );
    } finally {
      p.remove();
    }
  });
});
