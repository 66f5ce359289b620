/**
 * Synthesis in several processes. cdktf resolves tokens on one thread, and a 300-account
 * organization spends most of its synth there; stacks are independent, so each worker takes a
 * share and the parent merges the folders into exactly the bytes a single process writes.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Manifest } from 'cdktf';
import { LzError } from '../errors';
import { pretty, type Json } from '../policies/document';

/** Fewer stacks than this are faster in one process than the start-up of several. */
export const PARALLEL_MIN_STACKS = 40;

/**
 * How many processes to use: `LZ_SYNTH_WORKERS`, else one per processor. Workers run compiled
 * JavaScript, so code running from TypeScript sources (the tests) synthesizes in-process.
 */
export function workerCount(stacks: number): number {
  if (!__filename.endsWith('.js') || stacks < PARALLEL_MIN_STACKS) return 1;
  const asked = Number(process.env.LZ_SYNTH_WORKERS);
  const count = Number.isInteger(asked) && asked > 0 ? asked : availableParallelism();
  return Math.max(1, Math.min(count, Math.floor(stacks / (PARALLEL_MIN_STACKS / 2))));
}

function runWorker(configDir: string, outDir: string, names: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(__dirname, 'worker.js'), configDir, outDir, ...names], { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      if (error.code === 3) {
        const { problems, exitCode } = JSON.parse(stderr) as { problems: LzError['problems']; exitCode: number };
        return reject(new LzError(problems, exitCode));
      }
      reject(new Error(`synth worker failed: ${stderr.trim() || error.message}`));
    });
  });
}

/**
 * Synthesizes `names` (in deploy order) into `outDir` with `workers` processes. Stacks are dealt
 * round-robin, so baselines of similar size spread evenly.
 */
export async function synthesizeInWorkers(configDir: string, outDir: string, names: readonly string[], workers: number): Promise<void> {
  const shares = Array.from({ length: workers }, (_, w) => names.filter((_, i) => i % workers === w));
  const parts = shares.map((_, w) => join(outDir, `.part-${w}`));
  await Promise.all(shares.map((share, w) => runWorker(configDir, parts[w], share)));

  const manifests = parts.map((p) => JSON.parse(readFileSync(join(p, Manifest.fileName), 'utf8')) as { version: string; stacks: Record<string, unknown> });
  const manifest = new Manifest(manifests[0].version, outDir, false);
  const index: Json[] = [];
  mkdirSync(join(outDir, 'policies'), { recursive: true });
  for (const [w, part] of parts.entries()) {
    Object.assign(manifest.stacks, manifests[w].stacks);
    for (const stack of readdirSync(join(part, Manifest.stacksFolder))) {
      renameSync(join(part, Manifest.stacksFolder, stack), join(outDir, Manifest.stacksFolder, stack));
    }
    for (const entry of readdirSync(join(part, 'policies'))) {
      if (entry !== 'index.json') renameSync(join(part, 'policies', entry), join(outDir, 'policies', entry));
    }
    index.push(...(JSON.parse(readFileSync(join(part, 'policies', 'index.json'), 'utf8')) as Json[]));
  }
  manifest.writeToFile();
  // The same order as one process writes: stacks in deploy order, records in name order within each.
  const order = new Map(names.map((n, i) => [n, i]));
  const stackOf = (e: Json) => order.get((e as { stack: string }).stack) ?? 0;
  index.sort((a, b) => stackOf(a) - stackOf(b));
  writeFileSync(join(outDir, 'policies', 'index.json'), pretty(index));
  for (const part of parts) rmSync(part, { recursive: true, force: true });
}
