/**
 * The first step of the README's "Retiring an account" runbook: with `state: suspended` in config,
 * `lz deploy baseline-NAME` applies the organization stack (the move to the suspended OU) before the
 * account's baseline (which takes it off the hub), and the account's product stack is no longer there.
 */
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';

function suspendedStaging(): string {
  const dir = exampleProject(true);
  const file = join(dir, 'config', 'products', 'payments.yaml');
  const text = readFileSync(file, 'utf8');
  if (!text.includes('    segment: nonprod\n')) throw new Error('test setup: payments-staging has no nonprod segment line');
  writeFileSync(file, text.replace('    segment: nonprod\n', '    segment: nonprod\n    state: suspended\n'));
  return dir;
}

const applies = (stdout: string) => stdout.split('\n').filter((l) => l.includes(' apply ')).map((l) => /stacks\/(\S+) apply/.exec(l)![1]);

describe('retiring an account: lz deploy baseline-NAME with state: suspended', () => {
  it('GIVEN payments-staging suspended and still ACTIVE in the lock file WHEN its baseline is deployed THEN the organization moves it before its baseline leaves the hub', async () => {
    const run = await lzIn(suspendedStaging(), 'deploy', 'baseline-payments-staging', '--dry-run', '--skip-preflight');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(applies(run.stdout)).toEqual(['bootstrap', 'organization', 'security', 'network', 'baseline-payments-staging']);
  });

  it('WHEN the whole landing zone is deployed THEN its product stack is not among the stacks, and its baseline is', async () => {
    const run = await lzIn(suspendedStaging(), 'deploy', '--dry-run', '--skip-preflight');
    expect(run.code).toBe(0);
    const stacks = applies(run.stdout);
    expect(stacks).toContain('baseline-payments-staging');
    expect(stacks).toContain('product-payments-prod');
    expect(stacks).not.toContain('product-payments-staging');
  });
});
