/**
 * The base side of `lz policy diff`: the config and policies of a git ref, checked out into a
 * temporary worktree (so the working tree is never touched) and read with the current code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { loadLandingZone } from '../../config/load';
import { EXIT, LzError } from '../../errors';
import { loadPolicyModel, type PolicyModel } from '../model';

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

/** Loads the policy model of `base`, from a temporary worktree removed afterwards. */
export function loadBaseModel(base: BaseRef, configDir: string, cwd: string = process.cwd()): PolicyModel {
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
    let lz;
    try {
      lz = loadLandingZone(join(dir, rel));
    } catch (e) {
      if (!(e instanceof LzError)) throw e;
      throw new LzError(
        e.problems.map((p) => ({ ...p, file: `${base.name}:${relative(dir, resolve(p.file)) || p.file}`, message: `(base) ${p.message}` })),
        e.exitCode,
      );
    }
    return loadPolicyModel(lz);
  } finally {
    try {
      git(['worktree', 'remove', '--force', dir], top);
    } catch {
      // The folder is removed below; `git worktree prune` clears the stale entry.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
