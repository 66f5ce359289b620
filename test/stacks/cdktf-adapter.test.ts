/**
 * stacks/creation-stacks.ts replaces cdktf internals for speed. These tests fail loudly when cdktf
 * changes under it, and compare its output with cdktf's own, byte for byte.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Fn, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { changedCdktfInternals, RESOLUTION_ADAPTED, resolveFast, synthesizeStack, withPlainCdktf } from '../../stacks/creation-stacks';
import { stableJson } from '../../src/synth/stable-json';
import { readOutput, REPO } from '../support/example';
import { LzError } from '../../src/errors';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateOrganization } = require('../../scripts/generate-org.js') as { generateOrganization: (dir: string, products: number) => void };

describe('the cdktf adapter', () => {
  it('GIVEN the pinned cdktf THEN every function it replaces or relies on is the one it was written against (an upgrade fails here first)', () => {
    expect(changedCdktfInternals()).toEqual([]);
    expect(RESOLUTION_ADAPTED).toBe(true);
  });

  function twoStacks(crossStack: boolean): string[] {
    const app = Testing.app() as App;
    const a = new TerraformStack(app, 'a');
    new AwsProvider(a, 'aws', { region: 'eu-west-1' });
    const bucket = new S3Bucket(a, 'bucket', { bucket: 'x-${literal}', tags: { n: Fn.upper('a'), count: `${Fn.lengthOf(['a'])}` } });
    new TerraformOutput(a, 'arn', { value: bucket.arn });
    const b = new TerraformStack(app, 'b');
    new AwsProvider(b, 'aws', { region: 'eu-west-1' });
    new SsmParameter(b, 'p', { name: '/x', type: 'String', value: crossStack ? bucket.arn : 'plain 1e5 text $${escaped}', tags: { size: '12' } });
    app.synth();
    return ['a', 'b'].map((id) => readFileSync(join(app.outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'));
  }

  it.each([
    ['no cross-stack reference', false],
    ['a cross-stack reference (resolved as cdktf does)', true],
  ])('GIVEN two stacks with %s THEN the adapter writes what cdktf writes', (_, crossStack) => {
    const synth = () => twoStacks(crossStack);
    const adapted = synth();
    const plain = withPlainCdktf(synth);
    expect(adapted).toEqual(plain);
    if (crossStack) expect(adapted[1]).toContain('terraform_remote_state');
  });

  it('GIVEN two stacks synthesized one at a time by synthesizeStack THEN the JSON written as lz synth writes it is the bytes App.synth writes, and the manifest entries are the same', () => {
    const build = () => {
      const app = Testing.app() as App;
      for (const id of ['a', 'b']) {
        const stack = new TerraformStack(app, id);
        new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
        const bucket = new S3Bucket(stack, 'bucket', { bucket: `${id}-\${literal}`, tags: { n: Fn.upper(id) } });
        new TerraformOutput(stack, 'arn', { value: bucket.arn });
      }
      return app;
    };
    const whole = build();
    whole.synth();
    const one = build();
    const written = one.node.children.map((stack) => {
      const { terraform, file } = synthesizeStack(stack as TerraformStack, { outdir: one.outdir, skipValidation: false, manifest: one.manifest });
      expect(file).toBe(join('stacks', stack.node.id, 'cdk.tf.json'));
      return stableJson(terraform);
    });
    expect(written).toEqual(['a', 'b'].map((id) => readFileSync(join(whole.outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')));
    expect(one.manifest.stacks).toEqual(whole.manifest.stacks);
  });

  it('GIVEN a stack that refers to another stack\'s resource THEN synthesizeStack refuses it naming the stack, as a user error', () => {
    const app = Testing.app() as App;
    const a = new TerraformStack(app, 'a');
    new AwsProvider(a, 'aws', { region: 'eu-west-1' });
    const bucket = new S3Bucket(a, 'bucket', { bucket: 'x' });
    const b = new TerraformStack(app, 'b');
    new AwsProvider(b, 'aws', { region: 'eu-west-1' });
    new SsmParameter(b, 'p', { name: '/x', type: 'String', value: bucket.arn });
    synthesizeStack(a, { outdir: app.outdir, skipValidation: true, manifest: app.manifest });
    expect(() => synthesizeStack(b, { outdir: app.outdir, skipValidation: true, manifest: app.manifest })).toThrow(
      new LzError([
        {
          file: 'stack b',
          message: 'refers to a resource of another stack (a cross-stack reference), which lz synth does not build',
          fix: 'read what another stack publishes from Parameter Store through the contract (src/contract) instead of referring to its resources',
        },
      ]),
    );
  });

  it('GIVEN plain data, a token and an undefined field THEN resolveFast returns what cdktf resolve returns', () => {
    const app = Testing.app() as App;
    const stack = new TerraformStack(app, 's');
    const value = { a: 'x', b: [1, 'y', undefined, { c: undefined, d: Fn.upper('q') }], n: null, t: true };
    expect(resolveFast(stack, value, false)).toEqual({ a: 'x', b: [1, 'y', { d: '${upper("q")}' }], n: null, t: true });
  });

  it('GIVEN a generated organization THEN lz synth writes the same bytes with the adapter as with plain cdktf (LZ_PLAIN_CDKTF=1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lz-adapter-'));
    try {
      generateOrganization(dir, 4);
      const run = (out: string, env: Record<string, string>) =>
        spawnSync(process.execPath, [join(REPO, 'bin', 'lz.js'), 'synth', '--out', out], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
      expect(run('plain', { LZ_PLAIN_CDKTF: '1' }).status).toBe(0);
      expect(run('adapted', {}).status).toBe(0);
      const plain = readOutput(join(dir, 'plain'));
      expect(Object.keys(plain).filter((f) => f.endsWith('cdk.tf.json')).length).toBe(31);
      expect(readOutput(join(dir, 'adapted'))).toEqual(plain);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
