/**
 * The diff of a new product says what its new accounts' principals get, grouped: the accounts
 * sharing one baseline on one line (created on apply), not each grant of each principal.
 */
import { execFileSync } from 'node:child_process';
import { lz } from '../support/cli';
import { exampleProject, type TestProject } from '../support/example';

let project: TestProject;
afterEach(() => project?.remove());

describe('lz policy diff of a new product', () => {
  it('groups the new accounts under one baseline and says they are created on apply', async () => {
    // GIVEN the example as main, then a new product with two environments and no account ids yet
    project = exampleProject();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: project.dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-q', '-m', 'example');
    const add = await lz(project.dir, 'product', 'add', 'orders', '--team', 'Orders', '--owner-email', 'orders@acme.example', '--cost-centre', 'CC-7');
    expect(add.code).toBe(0);
    // WHEN the diff runs
    const r = await lz(project.dir, 'policy', 'diff', '--base', 'main');
    const json = JSON.parse((await lz(project.dir, 'policy', 'diff', '--base', 'main', '--format', 'json')).stdout);
    // THEN it is broadening, names the new accounts, and reads them as one baseline
    expect(r.code).toBe(3);
    expect(json.newAccounts).toEqual(['orders-nonprod', 'orders-prod']);
    const lines = r.stdout.split('\n');
    const summary = lines.find((l) => l.startsWith('**2 new accounts, created on apply.**'));
    expect(summary).toMatch(/^\*\*2 new accounts, created on apply\.\*\* (2 new accounts with the same baseline \(`orders-nonprod`, `orders-prod`\)|1 new account with the same baseline \(`orders-[a-z]+`\)): \d+ sensitive permissions for their principals\.$/);
    // AND the effective-access table does not list the new accounts' principals grant by grant
    // (an existing principal that may now assume a new account's role is still listed)
    expect(lines.filter((l) => l.startsWith('| gained |') && l.split(' | ')[2].includes('orders-'))).toEqual([]);
    expect(lines).toContain(
      '| gained | LandingZonePipeline in acme-management | acme-management | eu-west-1 | sts:AssumeRole on role:orders-nonprod/LandingZoneDeploy, sts:AssumeRole on role:orders-prod/LandingZoneDeploy |',
    );
  }, 300_000);
});
