/**
 * The synth worker processes, as the parent sees them (./worker.ts is the other side). Started as
 * early as the parent knows it will want them, even before it has loaded the config (lz synth's
 * command does, for a clean synth of a large organization): a worker loads the modules and the
 * config in parallel with the parent, then is told its folder and asks for stacks (./parallel.ts).
 * This module loads no cdktf, so starting workers costs the parent nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LzError, type Problem } from '../errors';
import { PRODUCTS_DIR } from '../config/load';
import { readMarker } from './output-folder';
import type { ShareResult } from './share';

/** Where a worker writes what it synthesized (./share.ts `ShareResult`), in its folder. */
export const RESULT_FILE = 'result.json';

/** The V8 heap limit of each worker, in MB: `LZ_SYNTH_WORKER_MEMORY_MB`, else this. */
export const WORKER_MEMORY_MB = 1536;


/** Fewer stacks than this are faster in one process than with the start-up of another. */
export const PARALLEL_MIN_STACKS = 40;

/**
 * How many processes would synthesize `stacks` stacks (the parent and its workers):
 * `LZ_SYNTH_WORKERS`, else one per processor, and one for fewer than PARALLEL_MIN_STACKS.
 * Workers run compiled JavaScript, so code running from TypeScript sources (the tests) synthesizes
 * in-process; so does plain cdktf (LZ_PLAIN_CDKTF=1), which writes through `App.synth`.
 */
export function processCount(stacks: number): number {
  if (!__filename.endsWith('.js') || process.env.LZ_PLAIN_CDKTF === '1' || stacks < PARALLEL_MIN_STACKS) return 1;
  const asked = Number(process.env.LZ_SYNTH_WORKERS);
  const count = Number.isInteger(asked) && asked > 0 ? asked : availableParallelism();
  return Math.max(1, Math.min(count, Math.floor(stacks / (PARALLEL_MIN_STACKS / 2))));
}

/** Workers for a synth in `processes` processes (the parent is one), loading the landing zone in `configDir`. */
export function startWorkers(configDir: string, processes: number): SynthWorker[] {
  return Array.from({ length: Math.max(0, processes - 1) }, () => new SynthWorker(configDir));
}

/** Products in an organization this many or more make a clean synth worth starting workers for before the config is loaded. */
const PRELOAD_MIN_PRODUCTS = PARALLEL_MIN_STACKS / 2;

/**
 * Workers for a synth about to start, before the config is loaded (lz synth's command): only for a
 * clean synth of every stack (`outDir` holds no previous synth to keep stacks from) of an
 * organization with PRELOAD_MIN_PRODUCTS product files or more (each makes at least two stacks).
 * The synth uses them or stops them.
 */
export function preloadWorkers(configDir: string, outDir: string, namedStacks: number): SynthWorker[] {
  if (namedStacks > 0 || Object.keys(readMarker<{ stacks?: object }>(outDir)?.stacks ?? {}).length > 0) return [];
  let products = 0;
  try {
    products = readdirSync(join(configDir, PRODUCTS_DIR)).filter((f) => f.endsWith('.yaml')).length;
  } catch {
    return [];
  }
  return products < PRELOAD_MIN_PRODUCTS ? [] : startWorkers(configDir, processCount(2 * products));
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

/** Parent to worker: where to write (first), stacks to synthesize, or the end of the queue. Worker to parent: ready for more. */
export type ToWorker = { readonly folder: string; readonly finalOutDir: string } | { readonly names: readonly string[] } | { readonly end: true };
export type FromWorker = { readonly next: true };

/** What the queue needs of a worker (./parallel.test.ts drives the queue with stand-ins). */
export interface QueueWorker {
  /** Settles when the worker has ended: resolves after a clean exit or a cancel, rejects with its failure. */
  readonly exited: Promise<void>;
  /** Called for each request for more stacks, those made before too; each request wants one `send` or `end`. */
  serve(handler: () => void): void;
  /** Whether it has asked for work, i.e. finished loading. */
  readonly ready: boolean;
  send(names: readonly string[]): void;
  end(): void;
  cancel(): void;
  /** What it wrote, once `exited` resolved. */
  result(): ShareResult;
}

/**
 * One worker process: loads the landing zone in `configDir`, is told its folder (`start`), then
 * synthesizes what it is handed there.
 */
export class SynthWorker implements QueueWorker {
  /** Settles when the process has ended: resolves after a clean exit, rejects with its failure. */
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private readonly names: string[] = [];
  private handler: (() => void) | undefined;
  private requests = 0;
  private asked = false;
  private ended = false;
  private cancelled = false;
  private where: string | undefined;

  constructor(configDir: string) {
    const limit = memoryLimit();
    this.child = spawn(process.execPath, [`--max-old-space-size=${limit}`, join(__dirname, 'worker.js'), configDir], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.on('message', () => {
      this.asked = true;
      if (this.ended) return;
      if (this.handler) this.handler();
      else this.requests++;
    });
    this.exited = new Promise((resolve, reject) => {
      let stderr = '';
      this.child.stderr!.setEncoding('utf8');
      this.child.stderr!.on('data', (chunk: string) => {
        // Bounded: a worker that prints without end must not take the parent's memory with it.
        stderr = (stderr + chunk).slice(-1024 * 1024);
      });
      this.child.on('error', (error) => {
        reject(new Error(`synth worker could not start: ${error.message}`));
      });
      this.child.on('close', (code, signal) => {
        if (code === 0 || this.cancelled) return resolve();
        reject(this.failure(code, signal, stderr, limit));
      });
    });
    // A worker started early can fail (its config does not load) before anyone waits on it, e.g.
    // while the parent reports that same config's problems: not an unhandled rejection that would
    // end the parent. Whoever waits on `exited` still gets the failure.
    this.exited.catch(() => undefined);
  }

  /** Whether it has asked for work, i.e. finished loading. */
  get ready(): boolean {
    return this.asked;
  }

  /** Where it writes: `folder`, a new folder, for an output that ends up in `finalOutDir`. Before anything is sent. */
  start(folder: string, finalOutDir: string): void {
    this.where = folder;
    this.child.send({ folder, finalOutDir } satisfies ToWorker);
  }

  /** The folder it writes in. */
  get folder(): string {
    if (!this.where) throw new Error('synth worker not started');
    return this.where;
  }

  serve(handler: () => void): void {
    this.handler = handler;
    for (; this.requests > 0 && !this.ended; this.requests--) handler();
  }

  send(names: readonly string[]): void {
    this.names.push(...names);
    this.child.send({ names } satisfies ToWorker);
  }

  /** No more stacks: the worker writes what it has and exits. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.child.send({ end: true } satisfies ToWorker);
  }

  /** Stops the worker: it was never handed anything (the queue ran out before it was ready), or another share failed. */
  cancel(): void {
    this.ended = true;
    this.cancelled = true;
    this.child.kill('SIGKILL');
  }

  /** What it wrote, once `exited` resolved. */
  result(): ShareResult {
    return JSON.parse(readFileSync(join(this.folder, RESULT_FILE), 'utf8')) as ShareResult;
  }

  private describe(): string {
    const names = this.names;
    if (!names.length) return 'synth worker';
    return `synth worker for ${names.length === 1 ? names[0] : `${names[0]} … ${names[names.length - 1]} (${names.length} stacks)`}`;
  }

  private failure(code: number | null, signal: NodeJS.Signals | null, stderr: string, limit: number): Error {
    if (code === WORKER_REPORTED) {
      let failure: WorkerFailure | undefined;
      const at = stderr.lastIndexOf(FAILURE_MARK);
      try {
        if (at >= 0) failure = JSON.parse(stderr.slice(at + FAILURE_MARK.length)) as WorkerFailure;
      } catch {
        // falls through to the generic message below
      }
      if (failure && 'problems' in failure) return new LzError(failure.problems, failure.exitCode);
      if (failure && 'internal' in failure) {
        const error = new Error(`${this.describe()}: ${failure.internal}`);
        error.stack = failure.stack ?? error.message;
        return error;
      }
    }
    const outOfMemory = /heap out of memory|Allocation failed/i.test(stderr);
    const error = new Error(
      outOfMemory
        ? `${this.describe()} ran out of memory (heap limit ${limit} MB); set LZ_SYNTH_WORKER_MEMORY_MB higher`
        : `${this.describe()} stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`,
    );
    error.stack = `${error.message}\n${stderr}`;
    return error;
  }
}

