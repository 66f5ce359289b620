/**
 * The deploy workflow's lz commands, run the way its jobs run them: the plan job plans and writes
 * the waves, each wave job applies its saved plans with --no-synth --saved-plans --only. The
 * commands here are the workflow's own (a test reads them from .github/workflows/deploy.yml).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { useMoto } from '../support/moto';
import { exampleProject, REPO, type TestProject } from '../support/example';
import { lz } from '../support/cli';

const STAND_IN = join(__dirname, '..', 'support', 'stand-in-terraform.js');
const moto = useMoto();

function project(): TestProject {
  const p = exampleProject({ withLock: true });
  const stack = (name: string, resource: object) => {
    mkdirSync(join(p.dir, 'cdktf.out', 'stacks', name), { recursive: true });
    writeFileSync(join(p.dir, 'cdktf.out', 'stacks', name, 'cdk.tf.json'), JSON.stringify({ resource }));
  };
  stack('security', { aws_kms_key: { logs: { description: 'logs' } } });
  stack('network', { aws_vpc: { hub: { cidr_block: '10.0.0.0/16' } } });
  stack('baseline-payments-prod', { aws_iam_role: { deploy: { name: 'deploy' } } });
  return p;
}

const invocations = (log: string) =>
  existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { stack: string; command: string; argv: string[] }) : [];

describe('the deploy workflow, job by job', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ['STAND_IN_LOG', 'AWS_ENDPOINT_URL']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('runs the lz commands this test runs', () => {
    const workflow = readFileSync(join(REPO, '.github', 'workflows', 'deploy.yml'), 'utf8');
    const commands = [...workflow.matchAll(/node bin\/lz\.js ([^>\n]+?)\s*(?:>>.*)?$/gm)].map((m) => m[1]);
    const allowed = '"${allowed[@]/#/--allow-destroy=}"';
    expect(commands).toEqual([
      'ci env',
      `plan --parallelism 8 --format markdown ${allowed}`,
      `plan --saved --format github-matrix ${allowed}`,
      `deploy --no-synth --saved-plans --only --skip-preflight --parallelism 4 ${allowed} -- "\${stacks[@]}"`,
      `deploy --skip-preflight --parallelism 8 ${allowed}`,
    ]);
  });

  it('prints the pipeline role and region for the jobs', async () => {
    const run = await lz(exampleProject({ withLock: true }).dir, 'ci', 'env');
    expect(run.stdout).toBe('pipeline_role_arn=arn:aws:iam::111111111111:role/LandingZonePipeline\nregion=eu-west-1\n');
  });

  it('plans once, then each wave applies exactly the saved plans of its stacks', async () => {
    // GIVEN three stacks in two waves, and the state bucket
    const p = project();
    const log = join(p.dir, 'terraform.jsonl');
    process.env.STAND_IN_LOG = log;
    process.env.AWS_ENDPOINT_URL = moto.url;
    const s3 = new S3Client({ endpoint: moto.url, region: 'eu-west-1', forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-landing-zone-state', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    s3.destroy();
    const targets = ['security', 'network', 'baseline-payments-prod', '--only', '--no-synth', '--terraform', STAND_IN];
    // WHEN the plan job plans (here without synth: the stacks are written by hand) and writes the waves from the saved plans
    expect((await lz(p.dir, 'plan', ...targets, '--format', 'markdown')).code).toBe(0);
    const matrix = await lz(p.dir, 'plan', ...targets, '--saved', '--format', 'github-matrix');
    // THEN the waves name the stacks, and no second terraform plan ran
    expect(matrix.stdout.split('\n').slice(0, 4)).toEqual(['wave0={"stacks":[]}', 'wave1={"stacks":[]}', 'wave2={"stacks":["security","network"]}', 'wave3={"stacks":["baseline-payments-prod"]}']);
    expect(invocations(log).filter((i) => i.command === 'plan').map((i) => i.stack)).toEqual(expect.arrayContaining(['security', 'network', 'baseline-payments-prod']));
    expect(invocations(log).filter((i) => i.command === 'plan')).toHaveLength(3);
    // WHEN each wave job applies its stacks from the saved plans
    for (const wave of [2, 3]) {
      const stacks = JSON.parse(matrix.stdout.split('\n')[wave].split('=')[1]).stacks.join(' ').split(' ');
      const run = await lz(p.dir, 'deploy', '--no-synth', '--saved-plans', '--only', '--skip-preflight', '--parallelism', '4', '--allow-destroy=network:aws_vpc.hub', '--terraform', STAND_IN, '--endpoint-url', moto.url, '--', ...stacks);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    // THEN each stack was applied once, from lz.tfplan, and never planned again
    const all = invocations(log);
    expect(all.filter((i) => i.command === 'plan')).toHaveLength(3);
    expect(all.filter((i) => i.command === 'apply').map((i) => [i.stack, i.argv.at(-1)]).sort()).toEqual([
      ['baseline-payments-prod', 'lz.tfplan'],
      ['network', 'lz.tfplan'],
      ['security', 'lz.tfplan'],
    ]);
  });

  it('names the stacks the output folder lacks with --no-synth', async () => {
    const p = project();
    const run = await lz(p.dir, 'deploy', 'organization', 'network', '--only', '--no-synth', '--skip-preflight', '--terraform', STAND_IN);
    expect(run.stderr).toBe(
      `${join(p.dir, 'cdktf.out')}: has no synthesized stack organization (stacks/<stack>/cdk.tf.json); synthesize first (lz synth, or run without --no-synth), or point --out at the folder that has them\n`,
    );
    expect(run.code).toBe(1);
  });

  it('refuses --saved when a stack has no plan made from its current configuration', async () => {
    const p = project();
    const run = await lz(p.dir, 'plan', 'network', '--only', '--saved', '--terraform', STAND_IN);
    expect(run.stderr).toBe('stack network: has no saved plan made from its current configuration (lz.tfplan); run lz plan first, without --saved\n');
    expect(run.code).toBe(1);
  });
});
