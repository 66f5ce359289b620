/**
 * The review workflow runs the base branch's lz on the pull request's own synth output:
 * `lz policy diff --head-out DIR` and `lz policy prove --synth-out DIR` read the documents from
 * there and say what they say when building them in memory.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lz } from '../support/cli';
import { exampleProject, type TestProject } from '../support/example';

let project: TestProject;
afterEach(() => project?.remove());

describe('policy review of a synth output', () => {
  it('diff --head-out and prove --synth-out read the synthesized documents', async () => {
    // GIVEN the example as main, its region SCP then detached in the working tree, synthesized
    project = exampleProject();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: project.dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-q', '-m', 'example');
    project.replace('config/organization.yaml', '    - deny-outside-allowed-regions\n', '');
    const out = join(project.dir, 'head.out');
    expect((await lz(project.dir, 'synth', '--out', out)).code).toBe(0);
    // WHEN diff and prove read the synth output, and build in memory
    const fromOut = await lz(project.dir, 'policy', 'diff', '--base', 'main', '--head-out', out, '--format', 'json');
    const inMemory = await lz(project.dir, 'policy', 'diff', '--base', 'main', '--format', 'json');
    const proveOut = await lz(project.dir, 'policy', 'prove', '--synth-out', out, '--format', 'json');
    const prove = await lz(project.dir, 'policy', 'prove', '--format', 'json');
    // THEN they agree: broadening (exit 3), the region guardrail fails (exit 1)
    expect(fromOut.code).toBe(3);
    expect(JSON.parse(fromOut.stdout).access).toEqual(JSON.parse(inMemory.stdout).access);
    expect(JSON.parse(fromOut.stdout).access.length).toBeGreaterThan(100);
    expect(proveOut.code).toBe(1);
    expect(JSON.parse(proveOut.stdout)).toEqual(JSON.parse(prove.stdout));
    // AND a folder without a policy model is refused
    const bad = await lz(project.dir, 'policy', 'prove', '--synth-out', join(project.dir, 'config'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('holds no policy model (policies/index.json); point it at the output folder of lz synth');
  }, 300_000);

  it('GIVEN a synth output whose Terraform deploys a policy its index does not record THEN diff and prove refuse it, naming the stack and resource', async () => {
    // GIVEN the example synthesized, then the deploy role's inline policy opened to everything in
    // one stack's Terraform only (what a pull request changing synth or recording could produce)
    project = exampleProject();
    const out = join(project.dir, 'head.out');
    expect((await lz(project.dir, 'synth', '--out', out)).code).toBe(0);
    const file = join(out, 'stacks', 'baseline-catalog-dev', 'cdk.tf.json');
    const terraform = JSON.parse(readFileSync(file, 'utf8'));
    const [name, policy] = Object.entries(terraform.resource.aws_iam_role_policy as Record<string, { policy: string }>).find(([n]) => n.startsWith('deploy-role'))!;
    policy.policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    writeFileSync(file, JSON.stringify(terraform));
    // WHEN the review reads it
    const prove = await lz(project.dir, 'policy', 'prove', '--synth-out', out);
    const diff = await lz(project.dir, 'policy', 'diff', '--base', 'HEAD', '--head-out', out);
    // THEN both refuse it with the one message, and nothing is reviewed
    const message = `stack baseline-catalog-dev aws_iam_role_policy.${name}.policy: holds a policy document that is not in the policy model, so lint, diff and prove would not see it; record it with recordPolicy from src/policies/registry (or use the product kit grant methods, which record it)`;
    expect([prove.code, prove.stdout, prove.stderr.split('\n')[0]]).toEqual([2, '', message]);
    expect([diff.code, diff.stdout, diff.stderr.split('\n')[0]]).toEqual([2, '', message]);
  }, 300_000);

  it('GIVEN a forged synth output naming files outside it THEN the review refuses it without reading or echoing them', async () => {
    // GIVEN the example synthesized, then its index pointed at /etc/passwd and a stack's Terraform linked to it
    project = exampleProject();
    const out = join(project.dir, 'head.out');
    expect((await lz(project.dir, 'synth', '--out', out)).code).toBe(0);
    const indexFile = join(out, 'policies', 'index.json');
    const index = JSON.parse(readFileSync(indexFile, 'utf8'));
    const original = index[0].file;
    index[0].file = '../../../../../../../../etc/passwd';
    writeFileSync(indexFile, JSON.stringify(index));
    // WHEN prove reads it THEN exit 2, the entry named, and nothing of the file printed
    const forgedIndex = await lz(project.dir, 'policy', 'prove', '--synth-out', out);
    expect([forgedIndex.code, forgedIndex.stdout]).toEqual([2, '']);
    expect(forgedIndex.stderr).toBe(
      `${indexFile} entry 1: names "../../../../../../../../etc/passwd", which is not a document file inside ${join(out, 'policies')}; point the review at the output folder \`lz synth\` wrote, unchanged\n`,
    );
    // AND a stack's Terraform that is a link out is refused the same way
    index[0].file = original;
    writeFileSync(indexFile, JSON.stringify(index));
    const terraform = join(out, 'stacks', 'network', 'cdk.tf.json');
    unlinkSync(terraform);
    symlinkSync('/etc/passwd', terraform);
    const forgedStack = await lz(project.dir, 'policy', 'prove', '--synth-out', out);
    expect([forgedStack.code, forgedStack.stdout, forgedStack.stderr]).toEqual([
      2,
      '',
      'stack network: cdk.tf.json is not a Terraform JSON file; point the review at the output folder `lz synth` wrote, unchanged\n',
    ]);
  }, 300_000);
});
