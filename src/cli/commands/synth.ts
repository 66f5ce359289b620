import { resolve } from 'node:path';
import { displayPath } from '../../config/paths';
import { loadLandingZone } from '../../config/load';
import { CONFIG_OPTION, stringOption, type Command } from '../command';
import { preloadWorkers } from '../../synth/worker-process';

export const synth: Command = {
  name: 'synth',
  summary: 'Validate, then synthesize the stacks to Terraform JSON',
  usage: 'lz synth [--config DIR] [--out DIR] [STACK...]',
  help: `Validates the config, then synthesizes all stacks (or the named ones) into the output folder,
with every rendered policy document under <out>/policies/<stack>/<name>.json. The output is
byte-identical for the same input. On any error or interrupt the existing output folder is left
untouched. Only synth's own files are replaced (manifest.json, policies/, stacks/*/cdk.tf.json);
Terraform's .terraform/, lock files, plans and state in stack folders stay. A stack whose inputs
(its config, the organization-wide config, policies/, the code) did not change since the last
synth into the folder is not built again; the output is the same bytes as a clean synth. A folder synth did not
write (no .lz-synth.json), the config folder, a repository root, a file, / and home are refused.

Options:
  --config DIR   the config folder (default: config)
  --out DIR      the output folder (default: cdktf.out)

Exit codes: 0 written, 2 problems in the config or an unknown stack name.`,
  options: { ...CONFIG_OPTION, out: { type: 'string', default: 'cdktf.out' } },
  positionals: true,
  async run(args, io) {
    const out = stringOption(args, 'out')!;
    // A clean synth of a large organization starts its workers first: they load while this process does.
    const workers = preloadWorkers(stringOption(args, 'config')!, out, args.positionals.length);
    let stacks: string[];
    let rebuilt: readonly string[] = [];
    let started: bigint;
    try {
      const lz = loadLandingZone(stringOption(args, 'config')!);
      started = process.hrtime.bigint();
      // Loaded here, not at start-up: cdktf and the provider classes cost commands that never synthesize.
      const { synthesize } = require('../../synth/synth') as typeof import('../../synth/synth');
      stacks = await synthesize(lz, { outDir: out, stacks: args.positionals, rebuilt: (names) => void (rebuilt = names), workers });
    } finally {
      for (const worker of workers) worker.cancel();
    }
    const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
    const unchanged = stacks.length - rebuilt.length;
    io.out(`Synthesized ${stacks.length} stacks into ${displayPath(resolve(out))} in ${ms} ms${unchanged ? ` (${rebuilt.length} rebuilt, ${unchanged} unchanged)` : ''}: ${stacks.length <= 20 ? stacks.join(', ') : `${stacks.slice(0, 4).join(', ')} and ${stacks.length - 4} more`}`);
    return 0;
  },
};
