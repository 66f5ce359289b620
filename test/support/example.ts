/**
 * Test projects: a copy of the example config, policies and product stacks in a temporary folder, to be changed
 * by a test without touching the repository.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export const REPO = join(__dirname, '..', '..');

export interface TestProject {
  readonly dir: string;
  readonly configDir: string;
  /** Replaces text in a project file; fails the test if the text is not there, so edits never silently miss. */
  replace(file: string, from: string | RegExp, to: string): void;
  write(file: string, text: string): void;
  read(file: string): string;
  remove(): void;
}

export function exampleProject(options: { withLock?: boolean } = {}): TestProject {
  const dir = mkdtempSync(join(tmpdir(), 'lz-test-'));
  cpSync(join(REPO, 'config'), join(dir, 'config'), { recursive: true });
  cpSync(join(REPO, 'policies'), join(dir, 'policies'), { recursive: true });
  // Product stacks live beside config (products/<product>/stack.ts); tests of a product copy do not.
  cpSync(join(REPO, 'products'), join(dir, 'products'), { recursive: true, filter: (src) => !src.endsWith('.test.ts') });
  if (options.withLock === false) rmSync(join(dir, 'config', 'accounts.lock.yaml'), { force: true });
  const path = (file: string) => join(dir, file);
  return {
    dir,
    configDir: path('config'),
    replace(file, from, to) {
      const text = readFileSync(path(file), 'utf8');
      const next = text.replace(from, to);
      if (next === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
      writeFileSync(path(file), next);
    },
    write: (file, text) => writeFileSync(path(file), text),
    read: (file) => readFileSync(path(file), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `fn` with the working directory at `dir`, so messages show paths relative to it. */
export function inDir<T>(dir: string, fn: () => T): T {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return fn();
  } finally {
    process.chdir(before);
  }
}

/** Every file below a folder with its bytes, keyed by relative path, for byte-for-byte comparisons. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

/** A synth output's files, without lz synth's marker (which records this run's file times): what two synths must agree on. */
export function readOutput(dir: string): Record<string, string> {
  const { ['.lz-synth.json']: _marker, ...files } = readTree(dir);
  return files;
}
