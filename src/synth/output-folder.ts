/**
 * The output folder: which folders `lz synth` may write into, what in them it owns, and the swap
 * that replaces its own files while keeping everything else (Terraform's `.terraform/`, provider
 * lock files, saved plans, local state) exactly where it was.
 *
 * `lz synth` owns `manifest.json`, `policies/`, each `stacks/<stack>/cdk.tf.json` and its marker
 * file; it never deletes or changes anything else in the folder.
 */
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, parse, relative, resolve } from 'node:path';
import { displayPath } from '../config/paths';
import { LzError } from '../errors';

/** The marker `lz synth` writes into every folder it writes; a non-empty folder without it is not ours. */
export const MARKER = '.lz-synth.json';

/** What `lz synth` writes; everything else in the output folder is someone else's and is kept. */
export function ownedBySynth(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/);
  if (parts.length === 1) return parts[0] === MARKER || parts[0] === 'manifest.json' || parts[0] === 'policies';
  if (parts[0] === 'policies') return true;
  return parts[0] === 'stacks' && parts.length === 3 && parts[2] === 'cdk.tf.json';
}

function refuse(out: string, message: string, fix: string): LzError {
  return new LzError([{ file: 'command line', path: '--out', message: `${displayPath(out)} ${message}`, fix }]);
}

const CHOOSE = 'choose a folder of its own, e.g. --out cdktf.out';

/** `path` itself or, when it does not exist, its nearest existing ancestor joined with the rest, with symlinks resolved. */
function realPath(path: string): string {
  const missing: string[] = [];
  let p = path;
  while (!existsSync(p)) {
    const parent = dirname(p);
    if (parent === p) break;
    missing.unshift(p.slice(parent.length).replace(/^[\\/]/, ''));
    p = parent;
  }
  return join(realpathSync(p), ...missing);
}

const isInside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !parse(rel).root;
};

/**
 * Refuses an output folder `lz synth` must not write into: the root or home folder, a file, the
 * config folder, a folder inside it or holding it, a repository or project root, or a non-empty
 * folder that `lz synth` did not write. Returns the absolute output folder.
 */
export function checkOutputFolder(outDir: string, configDir: string): string {
  const out = resolve(outDir);
  const real = realPath(out);
  const config = realPath(resolve(configDir));
  if (parse(real).root === real) throw refuse(out, 'is the root folder', CHOOSE);
  if (real === realPath(homedir())) throw refuse(out, 'is your home folder', CHOOSE);
  if (real === config) throw refuse(out, 'is the config folder', CHOOSE);
  if (isInside(real, config)) throw refuse(out, `is inside the config folder ${displayPath(config)}`, CHOOSE);
  if (isInside(config, real)) throw refuse(out, `holds the config folder ${displayPath(config)}`, CHOOSE);
  if (!existsSync(out)) return out;
  if (!statSync(out).isDirectory()) throw refuse(out, 'is a file, not a folder', `${CHOOSE}, or move the file away`);
  for (const root of ['.git', 'package.json']) {
    if (existsSync(join(out, root))) throw refuse(out, `holds ${root}: it is a repository or project root`, CHOOSE);
  }
  const entries = readdirSync(out);
  if (entries.length && !entries.includes(MARKER)) {
    throw refuse(out, `is not empty and was not written by lz synth (it has no ${MARKER})`, `${CHOOSE}; lz synth only replaces folders it wrote`);
  }
  return out;
}

/** The staging folder of a synth into `out`: beside it, so the final swap is a rename on one file system. */
export function stagingPrefix(out: string): string {
  return join(dirname(out), `.${parse(out).base}.staging-`);
}

/**
 * Links what `lz synth` does not own from `from` into `to` (hard links: same inodes, no bytes
 * copied), so both folders stay whole until the swap. Something of someone else's where synth
 * now writes is a user error: synth would have to delete it.
 */
function carryOver(from: string, to: string, out: string, base = ''): void {
  for (const name of readdirSync(from)) {
    const rel = base ? `${base}/${name}` : name;
    if (ownedBySynth(rel)) continue;
    const source = join(from, name);
    const target = join(to, name);
    const isDirectory = lstatSync(source).isDirectory();
    const existing = existsSync(target) ? lstatSync(target) : undefined;
    if (existing && (!isDirectory || !existing.isDirectory())) {
      throw refuse(join(out, rel), `is in the way of what lz synth writes (${existing.isDirectory() ? 'a folder' : 'a file'})`, 'move it away, then synthesize again');
    }
    if (isDirectory) {
      mkdirSync(target, { recursive: true });
      carryOver(source, target, out, rel);
      // A folder that held only what synth wrote (a stack no longer synthesized) goes with it.
      if (!existing && !readdirSync(target).length && readdirSync(source).length) rmSync(target, { recursive: true });
    } else {
      try {
        linkSync(source, target);
      } catch (e) {
        if (!lstatSync(source).isFile()) throw e;
        copyFileSync(source, target);
      }
    }
  }
}

/** Folders of a swap in progress, so an interrupt can put things back (see ./interrupt.ts). */
export interface Swap {
  /** The previous output while the new one moves in; `undefined` once it is gone. */
  old?: string;
}

/**
 * Moves the finished `staging` folder into place of `target`, keeping what `lz synth` does not own
 * from the old folder. Readers see the old or the new folder whole; on an error the old one stays.
 */
export function replaceOutput(staging: string, target: string, swap: Swap = {}): void {
  if (existsSync(target)) carryOver(target, staging, target);
  if (!existsSync(target)) {
    renameSync(staging, target);
    return;
  }
  const old = `${staging}.old`;
  renameSync(target, old);
  swap.old = old;
  try {
    renameSync(staging, target);
  } catch (e) {
    renameSync(old, target);
    swap.old = undefined;
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
  swap.old = undefined;
}

/** The previous run's marker, if any. */
export function readMarker<T>(out: string): T | undefined {
  try {
    return JSON.parse(readFileSync(join(out, MARKER), 'utf8')) as T;
  } catch {
    return undefined;
  }
}
