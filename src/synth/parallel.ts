/**
 * Synthesis in several processes. cdktf resolves tokens on one thread, and a 300-account
 * organization spends most of its synth there; stacks are independent, so worker processes each
 * take a batch and the parent merges the folders into exactly the bytes a single process writes.
 *
 * Memory is bounded per worker: a worker synthesizes at most `BATCH_STACKS` stacks (cdktf's token
 * map only grows within a process) under a V8 heap limit, and a worker that dies says so in one line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Manifest } from 'cdktf';
import { LzError, type Problem } from '../errors';
import { pretty, type Json } from '../policies/document';
import type { StackReads } from './stack-inputs';

/** Where a worker writes what each of its stacks read of the config (./stack-inputs.ts). */
export const READS_FILE = 'reads.json';

/** Fewer stacks than this are faster in one process than the start-up of several. */
export const PARALLEL_MIN_STACKS = 40;

/** The most stacks one worker process synthesizes; more go to another process. */
export const BATCH_STACKS = 160;

/** The V8 heap limit of each worker, in MB: `LZ_SYNTH_WORKER_MEMORY_MB`, else this. */
export const WORKER_MEMORY_MB = 1536;

/** Running worker processes, so an interrupt can stop them (./synth.ts). */
export type Workers = Set<ChildProcess>;

/**
 * How many processes to run at once: `LZ_SYNTH_WORKERS`, else one per processor. Workers run
 * compiled JavaScript, so code running from TypeScript sources (the tests) synthesizes in-process.
 */
export function workerCount(stacks: number): number {
  if (!__filename.endsWith('.js') || stacks < PARALLEL_MIN_STACKS) return 1;
  const asked = Number(process.env.LZ_SYNTH_WORKERS);
  const count = Number.isInteger(asked) && asked > 0 ? asked : availableParallelism();
  return Math.max(1, Math.min(count, Math.floor(stacks / (PARALLEL_MIN_STACKS / 2))));
}

function memoryLimit(): number {
  const asked = Number(process.env.LZ_SYNTH_WORKER_MEMORY_MB);
  return Number.isInteger(asked) && asked > 0 ? asked : WORKER_MEMORY_MB;
}

/** What a worker writes to stderr when it fails: JSON, so the parent prints it as one process would. */
export type WorkerFailure = { readonly problems: readonly Problem[]; readonly exitCode: number } | { readonly internal: string; readonly stack?: string };

/** Exit code of a worker that reported its failure as JSON on stderr. */
export const WORKER_REPORTED = 3;

/** Precedes the JSON report on a worker's stderr, after anything else a library printed there. */
export const FAILURE_MARK = '@@lz-synth-worker-failure@@';

function describe(names: readonly string[]): string {
  return names.length === 1 ? names[0] : `${names[0]} … ${names[names.length - 1]} (${names.length} stacks)`;
}

function runWorker(configDir: string, outDir: string, finalOutDir: string, names: readonly string[], workers: Workers): Promise<void> {
  const limit = memoryLimit();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${limit}`, join(__dirname, 'worker.js'), configDir, outDir, finalOutDir, ...names], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    workers.add(child);
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      // Bounded: a worker that prints without end must not take the parent's memory with it.
      stderr = (stderr + chunk).slice(-1024 * 1024);
    });
    child.on('error', (error) => {
      workers.delete(child);
      reject(new Error(`synth worker for ${describe(names)} could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      workers.delete(child);
      if (code === 0) return resolve();
      if (code === WORKER_REPORTED) {
        let failure: WorkerFailure | undefined;
        const at = stderr.lastIndexOf(FAILURE_MARK);
        try {
          if (at >= 0) failure = JSON.parse(stderr.slice(at + FAILURE_MARK.length)) as WorkerFailure;
        } catch {
          // falls through to the generic message below
        }
        if (failure && 'problems' in failure) return reject(new LzError(failure.problems, failure.exitCode));
        if (failure && 'internal' in failure) {
          const error = new Error(`synth worker for ${describe(names)}: ${failure.internal}`);
          error.stack = failure.stack ?? error.message;
          return reject(error);
        }
      }
      const outOfMemory = /heap out of memory|Allocation failed/i.test(stderr);
      const error = new Error(
        outOfMemory
          ? `synth worker for ${describe(names)} ran out of memory (heap limit ${limit} MB); set LZ_SYNTH_WORKER_MEMORY_MB higher`
          : `synth worker for ${describe(names)} stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`,
      );
      error.stack = `${error.message}\n${stderr}`;
      reject(error);
    });
  });
}

/** Runs `tasks` with at most `limit` at a time; stops starting new ones after the first failure, and rejects with it once the running ones settled. */
async function pool(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < tasks.length) {
      const task = tasks[next++];
      try {
        await task();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  if (failure) throw failure.error;
}

/**
 * Synthesizes `names` (in deploy order) into `outDir` with at most `workers` processes at a time,
 * each taking a run of consecutive stacks, and merges their folders into `outDir`, which becomes
 * `finalOutDir`.
 */
export async function synthesizeInWorkers(
  configDir: string,
  outDir: string,
  finalOutDir: string,
  names: readonly string[],
  workers: number,
  running: Workers,
  /** Each stack's dependencies: a worker knows only its own share, the merged manifest lists them all. */
  dependsOn: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<Map<string, StackReads>> {
  const batches = Math.max(workers, Math.ceil(names.length / BATCH_STACKS));
  const size = Math.ceil(names.length / batches);
  const shares = Array.from({ length: Math.ceil(names.length / size) }, (_, b) => names.slice(b * size, (b + 1) * size));
  const parts = shares.map((_, b) => join(outDir, `.part-${b}`));
  try {
    await pool(
      shares.map((share, b) => () => runWorker(configDir, parts[b], finalOutDir, share, running)),
      workers,
    );
    mergeParts(outDir, parts, names, dependsOn);
    const reads = new Map<string, StackReads>();
    for (const part of parts) {
      for (const [name, r] of Object.entries(JSON.parse(readFileSync(join(part, READS_FILE), 'utf8')) as Record<string, StackReads>)) reads.set(name, r);
    }
    return reads;
  } finally {
    for (const part of parts) rmSync(part, { recursive: true, force: true });
  }
}

function mergeParts(outDir: string, parts: readonly string[], names: readonly string[], dependsOn: ReadonlyMap<string, readonly string[]>): void {
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
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    manifest.stacks[name] = { ...entry, dependencies: (dependsOn.get(name) ?? []).filter((d) => names.includes(d)) };
  }
  manifest.writeToFile();
  // The same order as one process writes: stacks in deploy order, records in name order within each.
  const order = new Map(names.map((n, i) => [n, i]));
  const stackOf = (e: Json) => order.get((e as { stack: string }).stack) ?? 0;
  index.sort((a, b) => stackOf(a) - stackOf(b));
  writeFileSync(join(outDir, 'policies', 'index.json'), pretty(index));
}
