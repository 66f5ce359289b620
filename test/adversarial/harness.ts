/**
 * The adversarial suite's runner: each case changes a fresh copy of the example project, runs one
 * `lz` command in-process and checks the exit code, the exact stderr, that nothing under the
 * project changed, and that it finished within its time bound.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lz } from '../support/cli';
import { exampleProject, type TestProject } from '../support/example';

/** Every entry below a folder without following links or opening special files: what "unchanged" compares. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const s = lstatSync(p);
      const key = relative(dir, p);
      if (s.isSymbolicLink()) out[key] = `link -> ${readlinkSync(p)}`;
      else if (s.isDirectory()) {
        out[key] = 'folder';
        walk(p);
      } else if (s.isFile()) out[key] = readFileSync(p, 'latin1');
      else out[key] = `special ${s.mode.toString(8)}`;
    }
  };
  walk(dir);
  return out;
}

export interface AdversarialCase {
  /** What is tried, in a few words. */
  readonly name: string;
  /** Changes the fresh copy of the example project. */
  readonly given: (project: TestProject) => void;
  /** The command. @default ["validate"] */
  readonly argv?: readonly string[];
  /** @default 2 */
  readonly code?: number;
  /** The exact stderr lines (computed from the changed project when a function); undefined when `check` checks them. */
  readonly stderr?: readonly string[] | ((project: TestProject) => readonly string[]);
  /** Extra checks of the result. */
  readonly check?: (result: { code: number; stdout: string; stderr: string }, project: TestProject) => void;
  /** @default 3000 */
  readonly maxMs?: number;
}

/**
 * `line:col` of the first character of `needle` in a project file (plus `shift` columns), so that
 * expected messages follow the example's own edits instead of hard-coding its line numbers.
 */
export function at(project: TestProject, file: string, needle: string, shift = 0): string {
  const text = project.read(file);
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`test setup: ${needle} not found in ${file}`);
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1 + shift}`;
}

export function runCases(cases: readonly AdversarialCase[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('GIVEN %s WHEN lz runs THEN it is refused cleanly', async (_name, c) => {
    const project = exampleProject();
    try {
      c.given(project);
      const expected = typeof c.stderr === 'function' ? c.stderr(project) : c.stderr;
      const before = snapshot(project.dir);
      const started = Date.now();
      const result = await lz(project.dir, ...(c.argv ?? ['validate']));
      const elapsed = Date.now() - started;
      expect({ code: result.code, stderr: result.stderr }).toEqual({
        code: c.code ?? 2,
        stderr: expected === undefined ? result.stderr : expected.map((l) => `${l}\n`).join(''),
      });
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(snapshot(project.dir)).toEqual(before);
      expect(elapsed).toBeLessThan(c.maxMs ?? 3000);
      c.check?.(result, project);
    } finally {
      project.remove();
    }
  });
}
