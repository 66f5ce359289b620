/**
 * One thread of ./model-build.ts: builds some stacks of an already checked landing zone in memory
 * and sends back the documents they record. Its cdktf (whose token map only grows) lives and dies
 * with the thread. Any failure is sent as one message: problems for a user error, a message else.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadLandingZone } from '../config/load';
import { LzError } from '../errors';
import { recordedDocuments } from './model';
import type { ModelWorkerReply, ModelWorkerTask } from './model-build';

const task = workerData as ModelWorkerTask;
let reply: ModelWorkerReply;
try {
  reply = { documents: recordedDocuments(loadLandingZone(task.configDir, { checks: false }), task.names) };
} catch (e) {
  if (e instanceof LzError) reply = { problems: e.problems, exitCode: e.exitCode };
  else reply = { internal: (e as Error)?.message ?? String(e), ...(process.env.LZ_DEBUG ? { stack: String((e as Error)?.stack) } : {}) };
}
parentPort!.postMessage(reply);
