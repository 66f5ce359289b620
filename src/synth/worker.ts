/**
 * One synth worker: synthesizes some stacks of an already validated landing zone into its own
 * folder, which the parent process merges (src/synth/parallel.ts). Usage, from the parent only:
 * `node worker.js CONFIG_DIR OUT_DIR STACK...`. A user error goes to stderr as JSON problems.
 */
import { App } from 'cdktf';
import { loadLandingZone } from '../config/load';
import { LzError } from '../errors';
import { buildApp, SKIP_CDKTF_VALIDATION, writePolicies } from './synth';

const [configDir, outDir, ...names] = process.argv.slice(2);
try {
  const lz = loadLandingZone(configDir, { checks: false });
  const app = new App({ outdir: outDir, skipValidation: SKIP_CDKTF_VALIDATION });
  const stacks = buildApp(app, lz, names);
  app.synth();
  writePolicies(outDir, stacks);
} catch (e) {
  if (e instanceof LzError) {
    process.stderr.write(JSON.stringify({ problems: e.problems, exitCode: e.exitCode }));
    process.exit(3);
  }
  throw e;
}
