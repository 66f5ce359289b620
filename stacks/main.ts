/**
 * The cdktf app, as `cdktf synth` runs it (cdktf.json: `node dist/stacks/main.js`). `lz synth` runs
 * the same code with validation, atomic output and the rendered policy files.
 */
import { App } from 'cdktf';
import { loadLandingZone } from '../src/config/load';
import { buildApp, SKIP_CDKTF_VALIDATION, writePolicies } from '../src/synth/synth';
import { runCli } from '../src/cli/run';

runCli(async () => {
  const lz = loadLandingZone(process.env.LZ_CONFIG ?? 'config');
  const app = new App({ skipValidation: SKIP_CDKTF_VALIDATION });
  const stacks = buildApp(app, lz);
  app.synth();
  writePolicies(app.outdir, stacks);
  return 0;
});
