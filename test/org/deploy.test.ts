import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployOrder } from '../../src/org/deploy-plan';
import { stackDefinitions, type StackDefinition } from '../../stacks';
import { loadLandingZone } from '../../src/config/load';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';

const def = (name: string, dependsOn: string[]): StackDefinition => ({ name, dependsOn, build: () => { throw new Error('not built'); } });

describe('lz deploy', () => {
  const steps = (tf: string, out: string, stack: string) => [
    `${tf} -chdir=${out}/stacks/${stack} init -input=false`,
    `${tf} -chdir=${out}/stacks/${stack} plan -input=false -lock-timeout=5m -out=lz.tfplan`,
    `${tf} -chdir=${out}/stacks/${stack} show -json lz.tfplan`,
    `${tf} -chdir=${out}/stacks/${stack} apply -input=false -lock-timeout=5m lz.tfplan`,
  ];
  const header = (n: number) =>
    `# up to ${n} stacks at once, each after the stacks it depends on; a stack whose configuration is what s3://acme-landing-zone-state/lz-applied/STACK.json records as last applied is skipped; a plan that replaces or destroys a protected resource is not applied`;

  it('prints preflight, synth, and init/plan/show/apply of every stack in dependency order on --dry-run', async () => {
    // GIVEN the example project with every account recorded; WHEN the organization is deployed as a dry run
    const run = await lzIn(exampleProject(true), 'deploy', 'organization', '--dry-run');
    // THEN it prints exactly the commands, bootstrap before organization, and runs none of them
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        header(4),
        'lz preflight --config config',
        'lz synth --config config --out cdktf.out bootstrap organization',
        ...steps('terraform', 'cdktf.out', 'bootstrap'),
        ...steps('terraform', 'cdktf.out', 'organization'),
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
  });

  it('from an organization without the accounts: applies up to the organization, waits for the accounts and records them, then everything again', async () => {
    // GIVEN the example project without a lock file: every account is still to be created
    const run = await lzIn(exampleProject(), 'deploy', 'catalog/dev', '--dry-run', '--skip-preflight', '--terraform', 'tofu', '--out', 'build', '--parallelism', '16');
    // THEN the dry run shows the wait-and-record step between the two phases
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        header(16),
        'lz synth --config config --out build bootstrap organization',
        ...steps('tofu', 'build', 'bootstrap'),
        ...steps('tofu', 'build', 'organization'),
        'lz accounts wait --config config  # until acme-log-archive, acme-audit, acme-network, acme-shared-services, analytics-nonprod, analytics-prod, analytics-sandbox, catalog-dev, catalog-prod, payments-prod, payments-staging are ACTIVE, then their ids go into config/accounts.lock.yaml',
        'lz synth --config config --out build bootstrap organization security network baseline-catalog-dev',
        ...['bootstrap', 'organization', 'security', 'network', 'baseline-catalog-dev'].flatMap((s) => steps('tofu', 'build', s)),
        '',
      ].join('\n'),
    );
  });

  it('deploys a product environment as its product stack after the stacks it needs', async () => {
    const run = await lzIn(exampleProject(true), 'deploy', 'payments/prod', '--dry-run', '--skip-preflight');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((l) => l.includes(' apply '))).toEqual(
      ['bootstrap', 'organization', 'security', 'network', 'baseline-payments-prod', 'product-payments-prod'].map((s) => `terraform -chdir=cdktf.out/stacks/${s} apply -input=false -lock-timeout=5m lz.tfplan`),
    );
  });

  it('deploys only the named stack with --only, and applies the output as it is with --no-synth', async () => {
    const run = await lzIn(exampleProject(true), 'deploy', 'payments/prod', '--only', '--no-synth', '--dry-run', '--skip-preflight');
    expect(run.stdout).toBe([header(4), ...steps('terraform', 'cdktf.out', 'product-payments-prod'), ''].join('\n'));
  });

  it('deploys a product environment with no stack of its own as its prepared account: the baseline and the stacks before it', async () => {
    const run = await lzIn(exampleProject(true), 'deploy', 'catalog/dev', '--dry-run', '--skip-preflight');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[1]).toBe('lz synth --config config --out cdktf.out bootstrap organization security network baseline-catalog-dev');
  });

  it('with --no-records plans every stack every time, reading and writing nothing in the state bucket', async () => {
    // GIVEN the example project and no AWS at all; WHEN bootstrap is deployed twice without records
    const dir = exampleProject(true);
    const log = join(dir, 'terraform.jsonl');
    const env = { ...process.env };
    process.env.STAND_IN_LOG = log;
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:1';
    try {
      const args = ['deploy', 'bootstrap', '--terraform', join(__dirname, '..', 'support', 'stand-in-terraform.js'), '--skip-preflight', '--no-records'];
      const first = await lzIn(dir, ...args);
      const second = await lzIn(dir, ...args);
      // THEN both succeed; the first applies, the second finds nothing to change
      expect([first.stderr, first.code, second.stderr, second.code]).toEqual(['', 0, '', 0]);
      const runs = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l).command);
      expect(runs).toEqual(['init', 'plan', 'show', 'apply', 'plan', 'show']);
      expect(second.stdout).toMatch(/unchanged bootstrap \(no changes\)/);
      expect((await lzIn(dir, 'deploy', '--no-records', '--dry-run')).stdout.split('\n')[0]).toBe(
        '# up to 4 stacks at once, each after the stacks it depends on; every stack is planned (--no-records); a plan that replaces or destroys a protected resource is not applied',
      );
    } finally {
      process.env.STAND_IN_LOG = env.STAND_IN_LOG;
      process.env.AWS_ENDPOINT_URL = env.AWS_ENDPOINT_URL;
      if (env.STAND_IN_LOG === undefined) delete process.env.STAND_IN_LOG;
      if (env.AWS_ENDPOINT_URL === undefined) delete process.env.AWS_ENDPOINT_URL;
    }
  });

  it('refuses a parallelism that is not a whole number from 1 to 256', async () => {
    const run = await lzIn(exampleProject(true), 'deploy', '--dry-run', '--parallelism', '0');
    expect(run.stderr).toBe('command line: --parallelism 0 is not a whole number from 1 to 256; write e.g. --parallelism 16\n');
    expect(run.code).toBe(2);
  });

  it('names an unknown product environment and lists the known ones', async () => {
    // GIVEN the example project; WHEN a product that does not exist is deployed
    const dir = exampleProject();
    const run = await lzIn(dir, 'deploy', 'nowhere/prod', '--dry-run');
    // THEN the error says what exists
    const known = stackDefinitions(loadLandingZone(join(dir, 'config'))).map((d) => d.name);
    expect(known.slice(0, 2)).toEqual(['bootstrap', 'organization']);
    expect(run.stderr).toBe(
      `command line: unknown stack "nowhere/prod"; name one or more of ${known.join(', ')}, or a product environment: ` +
        'analytics/nonprod, analytics/prod, analytics/sandbox, catalog/dev, catalog/prod, payments/prod, payments/staging\n',
    );
    expect(run.code).toBe(2);
  });

  it('fails with one clear line when terraform is missing, before preflight or synth', async () => {
    // GIVEN a project and a terraform binary that does not exist
    const dir = exampleProject();
    // WHEN deploy runs for real
    const run = await lzIn(dir, 'deploy', '--terraform', 'terraform-missing-here', '--endpoint-url', 'http://127.0.0.1:1');
    // THEN it says so, exits 1, and wrote nothing
    expect(run.stderr).toBe(
      'command line: terraform-missing-here is not installed: it is not on PATH; install Terraform 1.10 or newer (or OpenTofu and pass --terraform tofu), or use lz deploy --dry-run to see the commands\n',
    );
    expect(run.code).toBe(1);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it('orders a diamond of dependencies with each stack once, dependencies first', () => {
    // GIVEN d depends on b and c, which both depend on a; e is unrelated
    const defs = [def('a', []), def('e', []), def('c', ['a']), def('b', ['a']), def('d', ['b', 'c'])];
    // WHEN d is deployed, THEN a comes first, then c and b in definition order, then d; e is left out
    expect(deployOrder(defs, ['d'])).toEqual(['a', 'c', 'b', 'd']);
    expect(deployOrder(defs, [])).toEqual(['a', 'e', 'c', 'b', 'd']);
  });
});
