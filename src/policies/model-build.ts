/**
 * Building the policy model of a large organization: the stacks are built in worker threads, a
 * contiguous share of them each, and only the documents come back. cdktf keeps every token it
 * ever made in a process-wide map, so an in-process build of 1,000 accounts kept about 250 MB after
 * it was done, and `lz policy diff`, which builds two, came close to 1 GB; each thread's map goes
 * with the thread. The shares also build side by side on a machine with more than one processor.
 * The documents are those of one in-process build, in the same order (stacks are independent).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LandingZone } from '../config/model';
import { LzError, type Problem } from '../errors';
import { selectStacks } from '../synth/synth';
import { assembleModel, recordedDocuments, type ModelDocument, type PolicyModel } from './model';

/** What a model thread is given. */
export interface ModelWorkerTask {
  readonly configDir: string;
  readonly names: readonly string[];
}

/** What a model thread answers. */
export type ModelWorkerReply =
  | { readonly documents: ModelDocument[] }
  | { readonly problems: readonly Problem[]; readonly exitCode: number }
  | { readonly internal: string; readonly stack?: string };

/** Fewer stacks than this build faster in the process than a thread starts (it loads cdktf and the config again). */
export const THREAD_MIN_STACKS = 40;

/**
 * How many threads build a model of `stacks` stacks: `LZ_MODEL_THREADS` (0 builds in the process),
 * else one per processor, at most one per THREAD_MIN_STACKS stacks. Threads run compiled
 * JavaScript, so code running from TypeScript sources (the tests) builds in the process.
 */
export function threadCount(stacks: number): number {
  if (!__filename.endsWith('.js')) return 0;
  const asked = process.env.LZ_MODEL_THREADS;
  if (asked !== undefined && /^\d+$/.test(asked)) return Math.min(Number(asked), stacks);
  if (stacks < THREAD_MIN_STACKS) return 0;
  return Math.max(1, Math.min(availableParallelism(), Math.floor(stacks / THREAD_MIN_STACKS)));
}

function inThread(task: ModelWorkerTask): Promise<ModelDocument[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'model-worker.js'), { workerData: task });
    let settled = false;
    worker.once('message', (reply: ModelWorkerReply) => {
      settled = true;
      if ('documents' in reply) resolve(reply.documents);
      else if ('problems' in reply) reject(new LzError([...reply.problems], reply.exitCode));
      else reject(new Error(`building the policy model of ${task.names.length} stacks failed: ${reply.internal}${reply.stack ? `\n${reply.stack}` : ''}`));
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`a policy model thread ended (exit ${code}) before it sent its documents`));
    });
  });
}

/** The documents of every stack, as `recordedDocuments(lz)` returns them, built in threads when the organization is large. */
export async function buildDocuments(lz: LandingZone): Promise<ModelDocument[]> {
  const names = selectStacks(lz).map((d) => d.name);
  const threads = threadCount(names.length);
  if (threads === 0) return recordedDocuments(lz);
  const size = Math.ceil(names.length / threads);
  const shares: string[][] = [];
  for (let i = 0; i < names.length; i += size) shares.push(names.slice(i, i + size));
  const built = await Promise.all(shares.map((share) => inThread({ configDir: lz.configDir, names: share })));
  return built.flat();
}

/** The policy model of a loaded landing zone (`loadPolicyModel`), its stacks built in threads when it is large. */
export async function buildPolicyModel(lz: LandingZone): Promise<PolicyModel> {
  return assembleModel(lz, await buildDocuments(lz));
}
