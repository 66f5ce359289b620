/**
 * `lz policy diff --base REF` reads the base with the base's own code: a pull request that opens a
 * key policy in a module (not in a template) is reported as broadening, exit 3, because the base
 * is built and synthesized from its own sources rather than from the pull request's. The base's
 * synthesized policies are cached in the git directory by commit.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const repo = join(__dirname, '..', '..');
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A clone of this repository's tracked files (as they are now), committed as main, node_modules linked. */
function cloneRepository(): string {
  const target = mkdtempSync(join(tmpdir(), 'lz-diff-base-'));
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(repo, f))) continue;
    mkdirSync(dirname(join(target, f)), { recursive: true });
    cpSync(join(repo, f), join(target, f));
  }
  symlinkSync(join(repo, 'node_modules'), join(target, 'node_modules'), 'dir');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: target, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('reset', '-q', 'node_modules');
  git('-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-q', '-m', 'base');
  return target;
}

function lzIn(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [join(cwd, 'bin', 'lz.js'), ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('lz policy diff --base builds the base with its own code', () => {
  it('reports a module change that opens a key policy to Principal "*" as broadening (exit 3), and caches the base', () => {
    // GIVEN the repository at main, and a pull request changing the key module, not a template
    dir = cloneRepository();
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'pipe' });
    // (unchanged, the base built by its own code and the head agree: nothing broadens)
    const same = lzIn(dir, 'policy', 'diff', '--base', 'main');
    expect([same.code, same.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^\*\*Policy review: no broadening\.\*\* 0 policy documents changed/)]);
    const module = join(dir, 'modules', 'encryption-keys.ts');
    const before = "          Sid: 'UseByRolesOfThisAccount',\n          Effect: 'Allow',\n          Principal: { AWS: root },";
    const text = readFileSync(module, 'utf8');
    expect(text).toContain(before);
    writeFileSync(module, text.replace(before, "          Sid: 'UseByRolesOfThisAccount',\n          Effect: 'Allow',\n          Principal: '*',"));
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'pipe' });
    // WHEN the pull request's own lz diffs against main
    const r = lzIn(dir, 'policy', 'diff', '--base', 'main');
    // THEN the opened key policies are a broadening change, exit 3
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n')[0]).toMatch(/^\*\*Policy review: broadening, security approval needed\.\*\* \d+ policy documents changed \(\d+ broadening\)/);
    expect(r.stdout).toMatch(/\| changed \| UseByRolesOfThisAccount \| Allow \| principals \+\*; principals −arn:aws:iam::\d{12}:root \|/);
    // AND the base's synthesized policies are cached by commit in the git directory
    const cached = readdirSync(join(dir, '.git', 'lz-policy-base'));
    const commit = execFileSync('git', ['rev-parse', 'main'], { cwd: dir, encoding: 'utf8' }).trim();
    expect(cached).toEqual([expect.stringMatching(new RegExp(`^${commit}-[0-9a-f]{12}$`))]);
    expect(existsSync(join(dir, '.git', 'lz-policy-base', cached[0], 'policies', 'index.json'))).toBe(true);
  }, 600_000);
});
