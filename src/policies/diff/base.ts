/**
 * The base side of `lz policy diff`: the config and policies of a git ref, checked out into a
 * temporary worktree (so the working tree is never touched). When the base holds the landing
 * zone's own code (this repository), the base's documents come from the base's code: its worktree
 * is built with tsc (node_modules linked from the working tree, no install) and its own `lz synth`
 * writes the policy model, so a pull request that changes a module, a stack or the review itself
 * cannot change what the base is said to grant. The result is cached in the git directory, keyed
 * by commit. A repository that holds only config (the code is an installed package the pull
 * request cannot change) is read with the current code, its documents cached by commit and code.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { loadLandingZone } from '../../config/load';
import type { LandingZone } from '../../config/model';
import { EXIT, LzError } from '../../errors';
import { assembleModel, type ModelDocument, type PolicyModel } from '../model';
import { buildDocuments } from '../model-build';
import { codeHash } from '../../synth/stack-inputs';
import { readSynthOutput } from '../synth-output';

function git(args: readonly string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function gitError(e: unknown): string {
  const err = e as { stderr?: string; message?: string };
  return (err.stderr || err.message || String(e)).trim().split('\n')[0];
}

export interface BaseRef {
  /** What the user named, or the merge base it defaulted to. */
  readonly name: string;
  readonly commit: string;
}

/** Resolves `--base`, defaulting to the merge base of HEAD with main (or origin/main). */
export function resolveBase(ref: string | undefined, cwd: string): BaseRef {
  if (ref) {
    try {
      return { name: ref, commit: git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd) };
    } catch {
      throw LzError.of('command line', `--base ${ref} is not a commit in this repository`, 'name a branch, tag or commit (git fetch it first in a shallow CI clone)');
    }
  }
  for (const main of ['main', 'origin/main']) {
    try {
      const commit = git(['merge-base', 'HEAD', main], cwd);
      return { name: `merge base with ${main}`, commit };
    } catch {
      // try the next candidate
    }
  }
  throw LzError.of('command line', 'no --base given, and HEAD has no merge base with main or origin/main', 'pass --base REF (a branch, tag or commit)');
}

/** Whether a checked-out tree is the landing zone's own source (not a config-only repository). */
export function holdsOwnCode(dir: string): boolean {
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg) || !existsSync(join(dir, 'tsconfig.build.json')) || !existsSync(join(dir, 'bin', 'lz.js'))) return false;
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'landing-zone';
  } catch {
    return false;
  }
}

/** The documents a `lz synth` output folder holds (`<out>/policies/index.json` and its files). */
export function documentsFromSynth(out: string): ModelDocument[] {
  return readSynthOutput(out).map(({ entry: e, document }) => ({
    stack: e.stack,
    name: e.name,
    id: `${e.stack}/${e.name}`,
    kind: e.kind,
    document,
    attachedTo: e.attachedTo,
    ...(e.arns ? { arns: e.arns } : {}),
    ...(e.account ? { account: e.account } : {}),
    ...(e.template ? { template: e.template } : {}),
  }));
}

function run(args: readonly string[], cwd: string, what: string, base: BaseRef): void {
  try {
    execFileSync(process.execPath, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string };
    const detail = `${err.stderr ?? ''}${err.stdout ?? ''}`.trim().split('\n').slice(0, 3).join(' / ') || String(e);
    throw LzError.of(`${base.name}`, `${what} of the base (${base.commit.slice(0, 12)}) failed: ${detail}`, 'fix the base branch, or compare with another --base', EXIT.failure);
  }
}

/**
 * Builds the base worktree with its own code and synthesizes its policy model into the cache;
 * returns the cached synth output folder.
 */
function synthesizeBase(worktree: string, top: string, rel: string, cache: string, base: BaseRef): string {
  if (existsSync(join(cache, 'policies', 'index.json'))) return cache;
  const modules = join(top, 'node_modules');
  if (!existsSync(modules)) {
    throw LzError.of('command line', `cannot build the base: ${modules} does not exist`, 'run npm ci in the working tree first', EXIT.failure);
  }
  if (!existsSync(join(worktree, 'node_modules'))) symlinkSync(modules, join(worktree, 'node_modules'), 'dir');
  const tsc = join(modules, 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) throw LzError.of('command line', `cannot build the base: ${tsc} does not exist`, 'run npm ci in the working tree first', EXIT.failure);
  run([tsc, '-p', 'tsconfig.build.json'], worktree, 'building the code (tsc)', base);
  const staging = `${cache}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(cache), { recursive: true });
  run([join(worktree, 'bin', 'lz.js'), 'synth', '--config', rel || '.', '--out', staging], worktree, 'lz synth', base);
  rmSync(cache, { recursive: true, force: true });
  renameSync(staging, cache);
  return cache;
}

/** Where the base's synthesized policy model is cached: in the git directory, by commit and config folder. */
function cacheDir(top: string, commit: string, rel: string): string {
  const gitDir = resolve(top, git(['rev-parse', '--git-common-dir'], top));
  const folder = createHash('sha256').update(rel).digest('hex').slice(0, 12);
  return join(gitDir, 'lz-policy-base', `${commit}-${folder}`);
}

/**
 * The base documents of a repository that holds only config, cached by commit, config folder and
 * the running code (./synth/stack-inputs codeHash: this package's compiled code and the cdktf and
 * provider versions), which is what built them. Anything unreadable is a miss.
 */
function readCachedDocuments(file: string): ModelDocument[] | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { documents?: unknown };
    return Array.isArray(parsed.documents) ? (parsed.documents as ModelDocument[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache whole or not at all (a temporary file renamed into place); a failure only costs the next run a build. */
function writeCachedDocuments(file: string, documents: readonly ModelDocument[]): void {
  const staging = `${file}.staging-${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(staging, JSON.stringify({ documents }));
    renameSync(staging, file);
  } catch {
    rmSync(staging, { force: true });
  }
}

/** Loads the policy model of `base`, from a temporary worktree removed afterwards. */
export async function loadBaseModel(base: BaseRef, configDir: string, cwd: string = process.cwd()): Promise<PolicyModel> {
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], cwd);
  } catch (e) {
    throw LzError.of('command line', `lz policy diff needs a git repository (${gitError(e)})`, 'run it inside the repository that holds the config');
  }
  const rel = relative(top, resolve(cwd, configDir));
  const dir = mkdtempSync(join(tmpdir(), 'lz-policy-base-'));
  try {
    try {
      git(['worktree', 'add', '--detach', '--quiet', dir, base.commit], top);
    } catch (e) {
      throw LzError.of('command line', `cannot check out ${base.name} (${base.commit.slice(0, 12)}): ${gitError(e)}`, 'check that the ref exists and git worktree works here', EXIT.failure);
    }
    let lz: LandingZone;
    try {
      lz = loadLandingZone(join(dir, rel));
    } catch (e) {
      if (!(e instanceof LzError)) throw e;
      throw new LzError(
        e.problems.map((p) => ({ ...p, file: `${base.name}:${relative(dir, resolve(p.file)) || p.file}`, message: `(base) ${p.message}` })),
        e.exitCode,
      );
    }
    if (!holdsOwnCode(dir)) {
      // Built before the worktree is removed: the model's threads read the config again.
      const file = `${cacheDir(top, base.commit, rel)}-code-${codeHash().slice(0, 12)}.json`;
      const cached = readCachedDocuments(file);
      if (cached) return assembleModel(lz, cached);
      const documents = await buildDocuments(lz);
      writeCachedDocuments(file, documents);
      return assembleModel(lz, documents);
    }
    const out = synthesizeBase(dir, top, rel, cacheDir(top, base.commit, rel), base);
    return assembleModel(lz, documentsFromSynth(out));
  } finally {
    try {
      git(['worktree', 'remove', '--force', dir], top);
    } catch {
      // The folder is removed below; `git worktree prune` clears the stale entry.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
