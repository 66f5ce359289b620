import { LzError } from '../../errors';
import { parseTarget, setPaused } from '../../products/environments';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

function pauseCommand(paused: boolean): Command {
  const word = paused ? 'pause' : 'resume';
  const usage = `lz env ${word} PRODUCT/ENV [--config DIR]`;
  return {
    name: `env ${word}`,
    summary: paused ? 'Pause a non-production environment: its product stack scales compute to zero' : 'Resume a paused environment',
    usage,
    help: paused
      ? `Sets paused: true on the environment in its product file (comments kept; kept only if config
validates). On the next deploy the baseline publishes /landing-zone/environment/paused = true and
the product stack sees stack.paused, so it scales its compute to zero and keeps its data.
Production environments (on a production segment) cannot be paused.

Exit codes: 0 written (or already paused), 2 bad input (production, no such environment).`
      : `Removes paused from the environment in its product file; on the next deploy its product stack
runs its compute again.

Exit codes: 0 written (or already running), 2 bad input.`,
    options: { ...CONFIG_OPTION },
    positionals: true,
    async run(args, io) {
      const [target, ...extra] = args.positionals;
      if (extra.length) throw LzError.of('command line', `unexpected arguments ${extra.join(' ')}`, `usage: ${usage}`);
      const { product, environment } = parseTarget(target, usage);
      const change = await setPaused(stringOption(args, 'config')!, { product, environment }, paused);
      io.out(`${change.summary.endsWith('nothing changed') ? '' : `Wrote ${change.file}: `}${change.summary}.`);
      if (!change.summary.endsWith('nothing changed')) io.out(`Next: commit it, then \`lz deploy ${product}/${environment}\`.`);
      return 0;
    },
  };
}

export const envPause = pauseCommand(true);
export const envResume = pauseCommand(false);
