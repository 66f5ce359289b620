import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exampleProject, readOutput, type TestProject } from '../support/example';
import { lz } from '../support/cli';

let project: TestProject;
beforeEach(() => {
  project = exampleProject();
});
afterEach(() => project.remove());

describe('lz synth', () => {
  it('GIVEN the example WHEN synthesized twice THEN every file is byte-identical', async () => {
    expect((await lz(project.dir, 'synth', '--out', 'one')).code).toBe(0);
    expect((await lz(project.dir, 'synth', '--out', 'two')).code).toBe(0);
    const one = readOutput(join(project.dir, 'one'));
    expect(Object.keys(one)).toEqual(expect.arrayContaining(['manifest.json', 'stacks/bootstrap/cdk.tf.json', 'stacks/organization/cdk.tf.json', 'policies/index.json']));
    expect(readOutput(join(project.dir, 'two'))).toEqual(one);
  });

  it('writes every rendered policy pretty-printed with sorted keys, and an index of the policy model', async () => {
    await lz(project.dir, 'synth');
    const text = readFileSync(join(project.dir, 'cdktf.out/policies/organization/deny-leave-organization.json'), 'utf8');
    expect(text).toBe(
      [
        '{',
        '  "Statement": [',
        '    {',
        '      "Action": "organizations:LeaveOrganization",',
        '      "Effect": "Deny",',
        '      "Resource": "*",',
        '      "Sid": "DenyLeaveOrganization"',
        '    }',
        '  ],',
        '  "Version": "2012-10-17"',
        '}',
        '',
      ].join('\n'),
    );
    const index = JSON.parse(readFileSync(join(project.dir, 'cdktf.out/policies/index.json'), 'utf8'));
    expect(index).toContainEqual({
      attachedTo: ['root'],
      file: 'organization/deny-leave-organization.json',
      kind: 'service-control-policy',
      name: 'deny-leave-organization',
      stack: 'organization',
      template: 'policies/scp/deny-leave-organization.json',
    });
  });

  it('GIVEN stack names THEN only those stacks are written', async () => {
    const result = await lz(project.dir, 'synth', 'organization');
    expect(result.code).toBe(0);
    expect(readdirSync(join(project.dir, 'cdktf.out/stacks'))).toEqual(['organization']);
  });

  it('GIVEN an unknown stack name THEN it exits 2 naming the known stacks and writes nothing', async () => {
    const result = await lz(project.dir, 'synth', 'organisation');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^command line: unknown stack "organisation"; name one or more of bootstrap, organization/);
    expect(existsSync(join(project.dir, 'cdktf.out'))).toBe(false);
  });

  it('GIVEN a config with an overlapping CIDR, a duplicate email, an unknown OU and an oversize SCP THEN it exits 2, names all four with file and line, and leaves cdktf.out untouched', async () => {
    mkdirSync(join(project.dir, 'cdktf.out'));
    writeFileSync(join(project.dir, 'cdktf.out', '.lz-synth.json'), '{}');
    writeFileSync(join(project.dir, 'cdktf.out', 'previous.txt'), 'the last good synth');
    project.replace('config/products/catalog.yaml', 'cidr: 10.30.64.0/20', 'cidr: 10.20.64.0/20');
    project.replace('config/products/analytics.yaml', 'email: aws+analytics-nonprod@acme.example', 'email: aws+analytics-prod@acme.example');
    project.replace('config/products/payments.yaml', 'ou: Workloads/NonProd', 'ou: Workloads/Staging');
    project.replace('policies/scp/deny-root-user.json', '"Resource": "*"', `"Resource": ["*", "${'x'.repeat(5200)}"]`);

    const result = await lz(project.dir, 'synth');

    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^config\/products\/analytics\.yaml:\d+:\d+ environments\.prod\.account\.email: email "aws\+analytics-prod@acme\.example" is already used/);
    expect(lines[1]).toMatch(/^config\/products\/payments\.yaml:\d+:\d+ environments\.prod\.vpc\.cidr: 10\.20\.0\.0\/16 overlaps 10\.20\.64\.0\/20/);
    expect(lines[2]).toMatch(/^config\/products\/payments\.yaml:\d+:\d+ environments\.staging\.ou: OU "Workloads\/Staging" does not exist/);
    expect(lines[3]).toMatch(/^policies\/scp\/deny-root-user\.json: SCP deny-root-user is \d+ characters after rendering, over the 5120 AWS allows/);
    expect(lines[4]).toBe('4 problems found; nothing was written.');
    expect(readdirSync(join(project.dir, 'cdktf.out'))).toEqual(['.lz-synth.json', 'previous.txt']);
    expect(readFileSync(join(project.dir, 'cdktf.out', 'previous.txt'), 'utf8')).toBe('the last good synth');
    expect(readdirSync(project.dir).filter((f) => f.includes('staging'))).toEqual([]);
  });

  it('GIVEN a previous output WHEN synthesized again THEN what synth wrote before is replaced, what others put there stays', async () => {
    await lz(project.dir, 'synth');
    writeFileSync(join(project.dir, 'cdktf.out', 'notes.txt'), 'x');
    writeFileSync(join(project.dir, 'cdktf.out', 'policies', 'stale.json'), '{}');
    expect((await lz(project.dir, 'synth')).code).toBe(0);
    expect(existsSync(join(project.dir, 'cdktf.out', 'policies', 'stale.json'))).toBe(false);
    expect(readFileSync(join(project.dir, 'cdktf.out', 'notes.txt'), 'utf8')).toBe('x');
    expect(readdirSync(project.dir).filter((f) => f.startsWith('.cdktf.out'))).toEqual([]);
  });
});
