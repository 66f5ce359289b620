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
import { LzError, type Problem } from '../errors';
import { RESOLUTION_ADAPTED } from '../../stacks/creation-stacks';
import type { ShareResult, ShareSynthesis } from './share';
import { processCount, type QueueWorker } from './worker-process';

export { PARALLEL_MIN_STACKS } from './worker-process';

/** The most stacks a worker is handed at once; fewer as the queue runs out, so all finish together. */
export const BATCH_STACKS = 6;

/** How many processes synthesize `stacks` stacks (./worker-process.ts `processCount`); one with plain cdktf, which writes through `App.synth`. */
export function workerCount(stacks: number): number {
  return RESOLUTION_ADAPTED ? processCount(stacks) : 1;
}

/** What the queue needs of this process's own share (./share.ts). */
export type OwnShare = Pick<ShareSynthesis, 'add' | 'finish'>;

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
    worker.serve(() => handOut(worker));
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
