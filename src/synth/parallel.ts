/**
 * Synthesis in several processes. cdktf resolves tokens on one thread, and a 300-account
 * organization spends most of its synth there; stacks are independent, so the parent process and
 * worker processes take stacks from one queue, and the parent merges what the workers wrote into
 * exactly the bytes one process writes.
 *
 * The parent synthesizes too (it has its modules and the config loaded already), taking stacks one
 * at a time from the front of the queue; each worker starts as soon as the parent knows it will be
 * needed, loads in parallel with the parent's own start, and then asks for small batches from the
 * back of the queue, so everyone finishes at about the same time whatever the machine's load.
 * A worker runs under a V8 heap limit, and one that dies says so in one line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LzError, type Problem } from '../errors';
import { RESOLUTION_ADAPTED } from '../../stacks/creation-stacks';
import type { ShareResult, ShareSynthesis } from './share';

/** Where a worker writes what it synthesized (./share.ts `ShareResult`), in its folder. */
export const RESULT_FILE = 'result.json';

/** Fewer stacks than this are faster in one process than with the start-up of another. */
export const PARALLEL_MIN_STACKS = 40;

/** The most stacks a worker is handed at once; fewer as the queue runs out, so all finish together. */
export const BATCH_STACKS = 6;

/** The V8 heap limit of each worker, in MB: `LZ_SYNTH_WORKER_MEMORY_MB`, else this. */
export const WORKER_MEMORY_MB = 1536;

/** Running worker processes, so an interrupt can stop them (./synth.ts). */
export type Workers = Set<ChildProcess>;

/**
 * How many processes synthesize (the parent and its workers): `LZ_SYNTH_WORKERS`, else one per
 * processor. Workers run compiled JavaScript, so code running from TypeScript sources (the tests)
 * synthesizes in-process; so does plain cdktf (LZ_PLAIN_CDKTF=1), which writes through `App.synth`.
 */
export function workerCount(stacks: number): number {
  if (!__filename.endsWith('.js') || !RESOLUTION_ADAPTED || stacks < PARALLEL_MIN_STACKS) return 1;
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

/** Parent to worker: stacks to synthesize, or the end of the queue. Worker to parent: ready for more. */
export type ToWorker = { readonly names: readonly string[] } | { readonly end: true };
export type FromWorker = { readonly next: true };

/** What the queue needs of a worker (./parallel.test.ts drives the queue with stand-ins). */
export interface QueueWorker {
  /** Settles when the worker has ended: resolves after a clean exit or a cancel, rejects with its failure. */
  readonly exited: Promise<void>;
  /** Set by the queue: called when the worker asks for more stacks; each request wants one `send` or `end`. */
  onRequest: () => void;
  /** Whether it has asked for work, i.e. finished loading. */
  readonly ready: boolean;
  send(names: readonly string[]): void;
  end(): void;
  cancel(): void;
  /** What it wrote, once `exited` resolved. */
  result(): ShareResult;
}

/** What the queue needs of this process's own share (./share.ts). */
export type OwnShare = Pick<ShareSynthesis, 'add' | 'finish' | 'settle'>;

/** One worker process: loads the landing zone, then synthesizes what it is handed into `folder`. */
export class SynthWorker implements QueueWorker {
  /** Settles when the process has ended: resolves after a clean exit, rejects with its failure. */
  readonly exited: Promise<void>;
  /** Called when the worker asks for more stacks; each request wants exactly one `send` or `end`. */
  onRequest: () => void = () => {};
  private readonly child: ChildProcess;
  private readonly names: string[] = [];
  private asked = false;
  private ended = false;
  private cancelled = false;

  constructor(
    configDir: string,
    readonly folder: string,
    finalOutDir: string,
    running: Workers,
  ) {
    const limit = memoryLimit();
    this.child = spawn(process.execPath, [`--max-old-space-size=${limit}`, join(__dirname, 'worker.js'), configDir, folder, finalOutDir], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    running.add(this.child);
    this.child.on('message', () => {
      this.asked = true;
      if (!this.ended) this.onRequest();
    });
    this.exited = new Promise((resolve, reject) => {
      let stderr = '';
      this.child.stderr!.setEncoding('utf8');
      this.child.stderr!.on('data', (chunk: string) => {
        // Bounded: a worker that prints without end must not take the parent's memory with it.
        stderr = (stderr + chunk).slice(-1024 * 1024);
      });
      this.child.on('error', (error) => {
        running.delete(this.child);
        reject(new Error(`synth worker could not start: ${error.message}`));
      });
      this.child.on('close', (code, signal) => {
        running.delete(this.child);
        if (code === 0 || this.cancelled) return resolve();
        reject(this.failure(code, signal, stderr, limit));
      });
    });
  }

  /** Whether it has asked for work, i.e. finished loading. */
  get ready(): boolean {
    return this.asked;
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

const nextTurn = () => new Promise<void>((done) => setImmediate(done));

/**
 * Synthesizes `names` (in deploy order) with `share` in this process and with `workers`, all taking
 * from one queue: this process from the front, one stack at a time, the workers from the back in
 * batches. Resolves with every share's result once all have finished; the first failure (of this
 * process or a worker) stops the handing out, and is thrown once the others have stopped. The
 * user errors of several shares are reported together, in deploy order.
 */
export async function synthesizeShared(share: OwnShare, names: readonly string[], workers: readonly QueueWorker[]): Promise<ShareResult[]> {
  const queue = [...names];
  const processes = workers.length + 1;
  const handOut = (worker: QueueWorker) => {
    const size = Math.max(1, Math.min(BATCH_STACKS, Math.floor(queue.length / (2 * processes))));
    if (queue.length) worker.send(queue.splice(queue.length - Math.min(size, queue.length)));
    else worker.end();
  };
  // A worker that fails while stacks are handed out stops the handing out; its failure is the one reported.
  let stoppedBy: { error: unknown } | undefined;
  const exits = workers.map((worker) => {
    worker.onRequest = () => handOut(worker);
    return worker.exited.then(
      () => undefined,
      (error: unknown) => {
        if (queue.length) stoppedBy ??= { error };
        queue.length = 0;
        return error;
      },
    );
  });
  try {
    while (queue.length) {
      share.add(queue.shift()!);
      // Lets the workers' requests in between stacks.
      if (workers.length) await nextTurn();
    }
  } catch (error) {
    stoppedBy ??= { error };
  }
  if (stoppedBy) {
    await share.settle();
    for (const worker of workers) worker.cancel();
    await Promise.all(exits);
    throw stoppedBy.error;
  }
  // Every stack is handed out: each share finishes, and reports its policy-model problems.
  let own: ShareResult | { failed: unknown };
  try {
    own = await share.finish();
  } catch (error) {
    own = { failed: error };
  }
  for (const worker of workers) {
    if (worker.ready) worker.end();
    else worker.cancel();
  }
  const failures = [...('failed' in own ? [own.failed] : []), ...(await Promise.all(exits)).filter((e) => e !== undefined)];
  if (failures.length) throw combined(failures, names);
  return [own as ShareResult, ...workers.filter((w) => w.ready).map((w) => w.result())];
}

/** The failures of several shares as one: an internal error as it is, user errors together in deploy order. */
function combined(failures: readonly unknown[], names: readonly string[]): unknown {
  const internal = failures.find((f) => !(f instanceof LzError));
  if (internal !== undefined) return internal;
  const errors = failures as LzError[];
  if (errors.length === 1) return errors[0];
  const order = new Map(names.map((n, i) => [`stack ${n}`, i]));
  const at = (p: Problem) => order.get(p.file) ?? -1;
  const problems = errors.flatMap((e) => e.problems).map((p, i) => [p, i] as const);
  problems.sort(([a, i], [b, j]) => at(a) - at(b) || i - j);
  return new LzError(
    problems.map(([p]) => p),
    errors[0].exitCode,
  );
}
