/**
 * One synth worker: loads the landing zone (the parent validates it), then synthesizes the stacks
 * the parent hands it (src/synth/parallel.ts) into its own folder, which the parent merges. Usage,
 * from the parent only, with an IPC channel: `node worker.js CONFIG_DIR`. Once loaded it asks for
 * work with `{ next: true }` (twice, so one batch waits while it works on the other); it is told its
 * folder (`{ folder, finalOutDir }`) before it is handed `{ names }`, or `{ end: true }`, on which
 * it writes what it synthesized to RESULT_FILE and exits 0. Any failure goes to stderr as one JSON report after FAILURE_MARK (problems for a user
 * error, a message for anything else) with exit code 3, so the parent prints it exactly as one
 * process would: never a stack trace unless LZ_DEBUG=1.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLandingZone } from '../config/load';
import { LzError } from '../errors';
import { ShareSynthesis } from './share';
import { RESULT_FILE, FAILURE_MARK, WORKER_REPORTED, type FromWorker, type ToWorker, type WorkerFailure } from './worker-process';

function report(failure: WorkerFailure): never {
  process.stderr.write(`\n${FAILURE_MARK}${JSON.stringify(failure)}`);
  process.exit(WORKER_REPORTED);
}

function fail(e: unknown): never {
  if (e instanceof LzError) report({ problems: e.problems, exitCode: e.exitCode });
  const error = e as Error;
  report({ internal: error?.message ?? String(e), ...(process.env.LZ_DEBUG ? { stack: String(error?.stack) } : {}) });
}

const ask = () => process.send!({ next: true } satisfies FromWorker);

const [configDir] = process.argv.slice(2);
try {
  const lz = loadLandingZone(configDir, { checks: false });
  let share: { readonly synthesis: ShareSynthesis; readonly folder: string } | undefined;
  let finishing = false;
  process.on('message', (message: ToWorker) => {
    if (finishing) return;
    if ('folder' in message) {
      share = { synthesis: new ShareSynthesis(lz, message.folder, message.finalOutDir), folder: message.folder };
      return;
    }
    if (!share) fail(new Error('handed stacks before it was told where to write'));
    if ('end' in message) {
      finishing = true;
      const { synthesis, folder } = share;
      synthesis.finish().then((result) => {
        writeFileSync(join(folder, RESULT_FILE), JSON.stringify(result));
        process.exit(0);
      }, fail);
      return;
    }
    try {
      for (const name of message.names) share.synthesis.add(name);
    } catch (e) {
      fail(e);
    }
    ask();
  });
  // The parent went away (killed, interrupted, or done without this worker): nothing here is wanted any more.
  process.on('disconnect', () => {
    if (!finishing) process.exit(1);
  });
  if (!process.connected) process.exit(1);
  ask();
  ask();
} catch (e) {
  fail(e);
}
