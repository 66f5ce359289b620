/**
 * The cdktf app, as `cdktf synth` runs it (cdktf.json: `node dist/stacks/main.js`). `lz synth` runs
 * the same code with validation, atomic output and the rendered policy files. The same output
 * folder rules hold: cdktf writes in place, so Terraform's files in stack folders stay, and a folder
 * `lz synth` must not write into is refused (src/synth/output-folder.ts).
 */
import { App } from 'cdktf';
import { loadLandingZone } from '../src/config/load';
import { buildApp, SKIP_CDKTF_VALIDATION, synthesizeApp, writeMarker } from '../src/synth/synth';
import { checkOutputFolder } from '../src/synth/output-folder';
import { runCli } from '../src/cli/run';

runCli(async () => {
  const lz = loadLandingZone(process.env.LZ_CONFIG ?? 'config');
  // Checked before the app exists: creating it makes the folder and its stacks/ already.
  const outdir = checkOutputFolder(process.env.CDKTF_OUTDIR ?? 'cdktf.out', lz.configDir);
  const app = new App({ outdir, skipValidation: SKIP_CDKTF_VALIDATION });
  const stacks = buildApp(app, lz);
  synthesizeApp(app, app.outdir, stacks);
  writeMarker(app.outdir);
  return 0;
});
