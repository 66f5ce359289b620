/**
 * One synth worker: synthesizes some stacks of an already validated landing zone into its own
 * folder, which the parent process merges (src/synth/parallel.ts). Usage, from the parent only:
 * `node worker.js CONFIG_DIR OUT_DIR FINAL_OUT_DIR STACK...`. Any failure goes to stderr as one JSON report after
 * FAILURE_MARK (problems for a user error, a message for anything else) with exit code 3, so the
 * parent prints it exactly as one process would: never a stack trace unless LZ_DEBUG=1.
 */
import { App } from 'cdktf';
import { loadLandingZone } from '../config/load';
import { LzError } from '../errors';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, SKIP_CDKTF_VALIDATION, synthesizeApp, type ReadsRecorders } from './synth';
import { readsOf } from './stack-inputs';
import { OUTPUT_FOLDER_CONTEXT } from '../../stacks/landing-zone-stack';
import { READS_FILE, FAILURE_MARK, WORKER_REPORTED, type WorkerFailure } from './parallel';

function report(failure: WorkerFailure): never {
  process.stderr.write(`\n${FAILURE_MARK}${JSON.stringify(failure)}`);
  process.exit(WORKER_REPORTED);
}

const [configDir, outDir, finalOutDir, ...names] = process.argv.slice(2);
try {
  const lz = loadLandingZone(configDir, { checks: false });
  const app = new App({ outdir: outDir, skipValidation: SKIP_CDKTF_VALIDATION, context: { [OUTPUT_FOLDER_CONTEXT]: finalOutDir } });
  const recorders: ReadsRecorders = new Map();
  const stacks = buildApp(app, lz, names, recorders);
  synthesizeApp(app, outDir, stacks);
  writeFileSync(join(outDir, READS_FILE), JSON.stringify(Object.fromEntries([...recorders].map(([name, r]) => [name, readsOf(r)]))));
} catch (e) {
  if (e instanceof LzError) report({ problems: e.problems, exitCode: e.exitCode });
  const error = e as Error;
  report({ internal: error?.message ?? String(e), ...(process.env.LZ_DEBUG ? { stack: String(error?.stack) } : {}) });
}
