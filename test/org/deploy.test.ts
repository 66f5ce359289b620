import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { deployOrder } from '../../src/org/deploy-plan';
import { stackDefinitions, type StackDefinition } from '../../stacks';
import { loadLandingZone } from '../../src/config/load';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';

const def = (name: string, dependsOn: string[]): StackDefinition => ({ name, dependsOn, build: () => { throw new Error('not built'); } });

describe('lz deploy', () => {
  it('prints preflight, synth and init/apply of every stack in dependency order on --dry-run', async () => {
    // GIVEN the example project; WHEN the organization is deployed as a dry run
    const run = await lzIn(exampleProject(), 'deploy', 'organization', '--dry-run');
    // THEN it prints exactly the commands, bootstrap before organization, and runs none of them
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'lz preflight --config config',
        'lz synth --config config --out cdktf.out bootstrap organization',
        'terraform -chdir=cdktf.out/stacks/bootstrap init -input=false',
        'terraform -chdir=cdktf.out/stacks/bootstrap apply -input=false',
        'terraform -chdir=cdktf.out/stacks/organization init -input=false',
        'terraform -chdir=cdktf.out/stacks/organization apply -input=false',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
  });

  it('brings in the stacks a named stack depends on, and passes -auto-approve when told', async () => {
    // GIVEN the example project; WHEN only the organization is deployed, without preflight, for a pipeline
    const run = await lzIn(exampleProject(), 'deploy', 'organization', '--dry-run', '--skip-preflight', '--auto-approve', '--terraform', 'tofu', '--out', 'build');
    // THEN bootstrap comes first, and there is no preflight line
    expect(run.stdout).toBe(
      [
        'lz synth --config config --out build bootstrap organization',
        'tofu -chdir=build/stacks/bootstrap init -input=false',
        'tofu -chdir=build/stacks/bootstrap apply -input=false -auto-approve',
        'tofu -chdir=build/stacks/organization init -input=false',
        'tofu -chdir=build/stacks/organization apply -input=false -auto-approve',
        '',
      ].join('\n'),
    );
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

  it('deploys a product environment as its product stack after the stacks it needs', async () => {
    const run = await lzIn(exampleProject(), 'deploy', 'payments/prod', '--dry-run', '--skip-preflight');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((l) => l.includes(' apply '))).toEqual(
      ['bootstrap', 'organization', 'security', 'network', 'baseline-payments-prod', 'product-payments-prod'].map((s) => `terraform -chdir=cdktf.out/stacks/${s} apply -input=false`),
    );
  });

  it('deploys a product environment with no stack of its own as its prepared account: the baseline and the stacks before it', async () => {
    const run = await lzIn(exampleProject(), 'deploy', 'catalog/dev', '--dry-run', '--skip-preflight');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('lz synth --config config --out cdktf.out bootstrap organization security network baseline-catalog-dev');
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
