/**
 * The output folder: which folders `lz synth` may write into, what in them it owns, and the commit
 * that replaces its own files while keeping everything else (Terraform's `.terraform/`, provider
 * lock files, saved plans, local state) exactly where it was.
 *
 * `lz synth` owns `manifest.json`, `policies/`, each `stacks/<stack>/cdk.tf.json` and its marker
 * file; it never deletes or changes anything else in the folder.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
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

/** What changes in the output folder: stacks built again, and stacks whose files stay. */
export interface OutputChange {
  readonly rebuilt: readonly string[];
  readonly kept: readonly string[];
}

const isDirectory = (p: string) => existsSync(p) && lstatSync(p).isDirectory();

/**
 * Moves what `staging` holds into `out`: the rebuilt stacks' files (from `staging/built`), the
 * manifest, the policy index and the marker, each by a rename; removes what synth wrote before for
 * stacks no longer in the selection. Nothing else in `out` is touched. It first forgets the input
 * hashes of the stacks it replaces, so a crash halfway makes the next synth rebuild them. Something
 * of someone else's where synth must write is a user error, found before anything moves.
 */
export function commitOutput(staging: string, out: string, change: OutputChange): void {
  const built = join(staging, 'built');
  const stacksDir = join(out, 'stacks');
  if (existsSync(stacksDir) && !isDirectory(stacksDir)) throw refuse(stacksDir, 'is in the way of what lz synth writes (a folder)', 'move it away, then synthesize again');
  for (const name of change.rebuilt) {
    const folder = join(stacksDir, name);
    if (existsSync(folder) && !isDirectory(folder)) throw refuse(folder, 'is in the way of what lz synth writes (a folder)', 'move it away, then synthesize again');
    if (isDirectory(join(folder, 'cdk.tf.json'))) throw refuse(join(folder, 'cdk.tf.json'), 'is in the way of what lz synth writes (a file)', 'move it away, then synthesize again');
  }
  mkdirSync(out, { recursive: true });
  const previous = readMarker<{ stacks?: Record<string, unknown> }>(out);
  if (previous) {
    const stacks = Object.fromEntries(change.kept.filter((k) => previous.stacks?.[k]).map((k) => [k, previous.stacks![k]]));
    writeFileSync(join(staging, `${MARKER}.interim`), `${JSON.stringify({ ...previous, stacks }, null, 2)}\n`);
    renameSync(join(staging, `${MARKER}.interim`), join(out, MARKER));
  }
  const replaced = join(staging, 'replaced');
  mkdirSync(replaced, { recursive: true });
  const keep = new Set([...change.rebuilt, ...change.kept]);
  let n = 0;
  const discard = (p: string) => renameSync(p, join(replaced, String(n++)));

  if (change.rebuilt.length) mkdirSync(stacksDir, { recursive: true });
  for (const name of change.rebuilt) {
    const from = join(built, 'stacks', name);
    // A stack new to `out` takes its whole folder in one rename (a clean synth: one per stack, not three).
    if (!existsSync(join(stacksDir, name)) && readdirSync(from).length === 1) {
      renameSync(from, join(stacksDir, name));
      continue;
    }
    mkdirSync(join(stacksDir, name), { recursive: true });
    renameSync(join(from, 'cdk.tf.json'), join(stacksDir, name, 'cdk.tf.json'));
  }
  // Stacks synthesized before and not now: their synth file goes, Terraform's files stay.
  if (isDirectory(stacksDir)) {
    for (const name of readdirSync(stacksDir)) {
      const file = join(stacksDir, name, 'cdk.tf.json');
      if (keep.has(name) || !existsSync(file) || isDirectory(file)) continue;
      discard(file);
      if (!readdirSync(join(stacksDir, name)).length) rmdirSync(join(stacksDir, name));
    }
  }
  const policies = join(out, 'policies');
  if (existsSync(policies) && !isDirectory(policies)) discard(policies);
  mkdirSync(policies, { recursive: true });
  for (const entry of readdirSync(policies)) {
    if (entry === 'index.json' || (change.kept.includes(entry) && isDirectory(join(policies, entry)))) continue;
    discard(join(policies, entry));
  }
  for (const name of change.rebuilt) {
    if (existsSync(join(built, 'policies', name))) renameSync(join(built, 'policies', name), join(policies, name));
  }
  renameSync(join(staging, 'policies', 'index.json'), join(policies, 'index.json'));
  renameSync(join(staging, 'manifest.json'), join(out, 'manifest.json'));
  renameSync(join(staging, MARKER), join(out, MARKER));
}

/** The previous run's marker, if any. */
export function readMarker<T>(out: string): T | undefined {
  try {
    return JSON.parse(readFileSync(join(out, MARKER), 'utf8')) as T;
  } catch {
    return undefined;
  }
}
