/**
 * Incremental synth: a stack is built again only when what it read changed, and the output is
 * always the bytes of a clean synth.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleProject, readOutput, type TestProject } from '../support/example';
import { lz } from '../support/cli';

let project: TestProject;
beforeEach(() => {
  project = exampleProject();
});
afterEach(() => project.remove());

const rebuiltOf = (stdout: string) => /\((\d+) rebuilt, (\d+) unchanged\)/.exec(stdout)?.slice(1).map(Number) ?? 'clean';

async function cleanSynthEquals(out: string) {
  expect((await lz(project.dir, 'synth', '--out', 'clean')).code).toBe(0);
  expect(readOutput(join(project.dir, out))).toEqual(readOutput(join(project.dir, 'clean')));
}

describe('incremental lz synth', () => {
  it('GIVEN nothing changed WHEN synthesized again THEN no stack is built and the output is what a clean synth writes', async () => {
    const first = await lz(project.dir, 'synth');
    expect(rebuiltOf(first.stdout)).toBe('clean');
    const second = await lz(project.dir, 'synth');
    expect(second.code).toBe(0);
    expect(rebuiltOf(second.stdout)).toEqual([0, 19]);
    await cleanSynthEquals('cdktf.out');
  });

  it("GIVEN one product's VPC changes THEN only the stacks that read that product are built, and the output is what a clean synth writes", async () => {
    await lz(project.dir, 'synth');
    project.replace('config/products/payments.yaml', 'nat: single', 'nat: none');

    const result = await lz(project.dir, 'synth');

    expect(result.code).toBe(0);
    const marker = JSON.parse(readFileSync(join(project.dir, 'cdktf.out/.lz-synth.json'), 'utf8'));
    const readers = Object.keys(marker.stacks).filter((s) => marker.stacks[s].reads.all || marker.stacks[s].reads.products.includes('payments'));
    expect(readers).toEqual(expect.arrayContaining(['baseline-payments-prod', 'baseline-payments-staging', 'network']));
    expect(rebuiltOf(result.stdout)).toEqual([readers.length, 19 - readers.length]);
    expect(readers.length).toBeLessThan(9);
    await cleanSynthEquals('cdktf.out');
  });

  it.each([
    ['a policy template', 'policies/roles/audit-trust.json', (t: string) => t.replace('"Version"', '"Version"  ')],
    ['organization-wide config', 'config/organization.yaml', (t: string) => t.replace('allowedRegions: [eu-west-1, eu-central-1]', 'allowedRegions: [eu-west-1, eu-central-1, eu-north-1]')],
  ])('GIVEN %s changes THEN every stack is built again', async (_, file, edit) => {
    await lz(project.dir, 'synth');
    writeFileSync(join(project.dir, file), edit(readFileSync(join(project.dir, file), 'utf8')));
    const result = await lz(project.dir, 'synth');
    expect(result.code).toBe(0);
    expect(rebuiltOf(result.stdout)).toBe('clean');
    await cleanSynthEquals('cdktf.out');
  });

  it('GIVEN only a comment in the config changes THEN no stack is built (the loaded config is what counts)', async () => {
    await lz(project.dir, 'synth');
    project.replace('config/organization.yaml', 'name: acme', 'name: acme # the company');
    expect(rebuiltOf((await lz(project.dir, 'synth')).stdout)).toEqual([0, 19]);
  });

  it('GIVEN a synthesized file edited by hand THEN its stack is built again and the edit is gone', async () => {
    await lz(project.dir, 'synth');
    const file = join(project.dir, 'cdktf.out/stacks/organization/cdk.tf.json');
    writeFileSync(file, 'edited');
    const result = await lz(project.dir, 'synth');
    expect(rebuiltOf(result.stdout)).toEqual([1, 18]);
    await cleanSynthEquals('cdktf.out');
  });

  it('GIVEN fewer stacks asked for THEN the output holds exactly those, as a clean synth of them', async () => {
    await lz(project.dir, 'synth');
    const result = await lz(project.dir, 'synth', 'organization', 'network');
    expect(rebuiltOf(result.stdout)).toEqual([0, 2]);
    expect((await lz(project.dir, 'synth', '--out', 'clean', 'organization', 'network')).code).toBe(0);
    expect(readOutput(join(project.dir, 'cdktf.out'))).toEqual(readOutput(join(project.dir, 'clean')));
  });
});

describe('incremental lz synth and files a stack could read itself', () => {
  let p: TestProject;
  beforeEach(() => {
    p = exampleProject();
  });
  afterEach(() => p.remove());

  it('GIVEN another file in the config folder changes THEN every stack is built again (a stack may read it without the model seeing)', async () => {
    await lz(p.dir, 'synth');
    writeFileSync(join(p.dir, 'config', 'notes.yaml'), 'anything: 1\n');
    expect(rebuiltOf((await lz(p.dir, 'synth')).stdout)).toBe('clean');
  });
});
