/**
 * `lz synth` writes only what it owns: it refuses folders it must not write into, and a re-synth
 * keeps Terraform's own files in stack folders. Every refusal leaves every byte where it was.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exampleProject, readTree, type TestProject } from '../support/example';
import { lz } from '../support/cli';

let project: TestProject;
beforeEach(() => {
  project = exampleProject();
});
afterEach(() => project.remove());

const FIX = 'choose a folder of its own, e.g. --out cdktf.out';

/** Every file of the project with its bytes, and every folder (empty ones too). */
function snapshot(dir: string) {
  const folders: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      if (lstatSync(join(d, name)).isDirectory()) {
        folders.push(`${rel}${name}/`);
        walk(join(d, name), `${rel}${name}/`);
      }
    }
  };
  walk(dir, '');
  return { files: readTree(dir), folders };
}

describe('lz synth refuses an output folder it must not write into', () => {
  const cases: [string, (p: TestProject) => string, (p: TestProject) => string][] = [
    ['the config folder', () => 'config', () => 'command line --out: config is the config folder'],
    ['a folder inside the config folder', () => 'config/products', () => `command line --out: config/products is inside the config folder config`],
    ['the project folder (holding the config folder)', () => '.', (p) => `command line --out: ${p.dir} holds the config folder config`],
    ['a file', (p) => (p.write('some-file', 'mine'), 'some-file'), () => 'command line --out: some-file is a file, not a folder'],
    ['/', () => '/', () => 'command line --out: / is the root folder'],
    ['a repository root', (p) => (mkdirSync(join(p.dir, 'checkout/.git'), { recursive: true }), 'checkout'), () => 'command line --out: checkout holds .git: it is a repository or project root'],
    ['a project root', (p) => (mkdirSync(join(p.dir, 'app')), p.write('app/package.json', '{}'), 'app'), () => 'command line --out: app holds package.json: it is a repository or project root'],
    [
      'a foreign non-empty folder',
      (p) => (mkdirSync(join(p.dir, 'docs')), p.write('docs/notes.md', '# mine'), 'docs'),
      () => 'command line --out: docs is not empty and was not written by lz synth (it has no .lz-synth.json)',
    ],
  ];

  it.each(cases)('GIVEN --out naming %s WHEN synthesizing THEN it exits 2 naming the folder and the fix, and nothing changes', async (_, setUp, message) => {
    const out = setUp(project);
    const before = snapshot(project.dir);

    const result = await lz(project.dir, 'synth', '--out', out);

    expect(result.code).toBe(2);
    const fix = out === 'some-file' ? `${FIX}, or move the file away` : out === 'docs' ? `${FIX}; lz synth only replaces folders it wrote` : FIX;
    expect(result.stderr).toBe(`${message(project)}; ${fix}\n`);
    expect(result.stdout).toBe('');
    expect(snapshot(project.dir)).toEqual(before);
  });

  it('GIVEN the home folder as --out THEN it exits 2 before writing anything', async () => {
    const home = require('node:os').homedir() as string;
    const before = readdirSync(home).sort();
    const result = await lz(project.dir, 'synth', '--out', home);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`command line --out: ${home} is your home folder; ${FIX}\n`);
    expect(readdirSync(home).sort()).toEqual(before);
  });

  it('GIVEN an empty folder or a folder lz synth wrote THEN it writes into it and leaves its marker', async () => {
    mkdirSync(join(project.dir, 'empty'));
    expect((await lz(project.dir, 'synth', '--out', 'empty', 'organization')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(project.dir, 'empty/.lz-synth.json'), 'utf8')).writtenBy).toBe('lz synth');
    expect((await lz(project.dir, 'synth', '--out', 'empty', 'organization')).code).toBe(0);
  });
});

describe('a re-synth keeps what Terraform and people keep in the output folder', () => {
  it('GIVEN Terraform working files, provider lock files, saved plans and an old local state WHEN synthesized again (and with fewer stacks) THEN each survives byte for byte, and only synth files are replaced', async () => {
    expect((await lz(project.dir, 'synth')).code).toBe(0);
    const kept: Record<string, string> = {
      'cdktf.out/stacks/bootstrap/.terraform/providers/registry.terraform.io/hashicorp/aws/6.0.0/linux_amd64/terraform-provider-aws': 'a provider binary',
      'cdktf.out/stacks/bootstrap/.terraform/terraform.tfstate': '{"backend":"local"}',
      'cdktf.out/stacks/bootstrap/.terraform.lock.hcl': 'provider "registry.terraform.io/hashicorp/aws" {}',
      'cdktf.out/stacks/bootstrap/bootstrap.tfstate': '{"version":4,"serial":7}',
      'cdktf.out/stacks/organization/.terraform.lock.hcl': 'provider lock of organization',
      'cdktf.out/stacks/organization/plan.tfplan': 'a saved plan',
      'cdktf.out/stacks/security/terraform.log': 'a log someone keeps',
      'cdktf.out/README.md': 'notes kept beside the output',
    };
    for (const [file, text] of Object.entries(kept)) {
      mkdirSync(join(project.dir, file, '..'), { recursive: true });
      writeFileSync(join(project.dir, file), text);
    }
    writeFileSync(join(project.dir, 'cdktf.out/stacks/organization/cdk.tf.json'), 'stale synth output');
    mkdirSync(join(project.dir, 'cdktf.out/policies/removed-stack'));
    writeFileSync(join(project.dir, 'cdktf.out/policies/removed-stack/x.json'), '{}');

    expect((await lz(project.dir, 'synth')).code).toBe(0);
    for (const [file, text] of Object.entries(kept)) expect(readFileSync(join(project.dir, file), 'utf8')).toBe(text);
    expect(readFileSync(join(project.dir, 'cdktf.out/stacks/organization/cdk.tf.json'), 'utf8')).toMatch(/^\{\n/);
    expect(existsSync(join(project.dir, 'cdktf.out/policies/removed-stack'))).toBe(false);

    // Only the organization stack now: the other stack folders keep Terraform's files, without synth's.
    expect((await lz(project.dir, 'synth', 'organization')).code).toBe(0);
    for (const [file, text] of Object.entries(kept)) expect(readFileSync(join(project.dir, file), 'utf8')).toBe(text);
    expect(existsSync(join(project.dir, 'cdktf.out/stacks/bootstrap/cdk.tf.json'))).toBe(false);
    expect(existsSync(join(project.dir, 'cdktf.out/stacks/network'))).toBe(false);
    expect(readdirSync(project.dir).filter((f) => f.startsWith('.cdktf.out'))).toEqual([]);
  });

  it('GIVEN the bootstrap stack with local state THEN its state file lives in state/ of the project, outside the output folder synth rebuilds', async () => {
    expect((await lz(project.dir, 'synth', 'bootstrap')).code).toBe(0);
    const json = JSON.parse(readFileSync(join(project.dir, 'cdktf.out/stacks/bootstrap/cdk.tf.json'), 'utf8'));
    const path = json.terraform.backend.local.path as string;
    expect(path).toBe('../../../state/bootstrap.tfstate');
    expect(resolve(project.dir, 'cdktf.out/stacks/bootstrap', path)).toBe(join(project.dir, 'state/bootstrap.tfstate'));
  });

  it('GIVEN a file of someone else where synth now writes a stack folder WHEN synthesized THEN it exits 2 naming it, and the old output and the file stay whole', async () => {
    expect((await lz(project.dir, 'synth', 'bootstrap')).code).toBe(0);
    writeFileSync(join(project.dir, 'cdktf.out/stacks/organization'), 'mine');
    const before = snapshot(project.dir);

    const result = await lz(project.dir, 'synth');

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('command line --out: cdktf.out/stacks/organization is in the way of what lz synth writes (a folder); move it away, then synthesize again\n');
    expect(snapshot(project.dir)).toEqual(before);
  });

});
