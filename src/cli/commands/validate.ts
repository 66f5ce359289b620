import { loadLandingZone } from '../../config/load';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

export const validate: Command = {
  name: 'validate',
  summary: 'Load and check every config and policy file; write nothing',
  usage: 'lz validate [--config DIR]',
  help: `Checks the schema of every file and the organization-wide rules: unique account names and
emails, OU references, CIDR overlaps, allowed regions, SCP sizes and attachments per target; the
AWS rules synth would otherwise meet at apply (regions and their Availability Zones, OU depth,
Transit Gateway ASNs, bucket names, non-routable VPC ranges); and renders every policy template
synth renders. Inputs must be regular files inside the project, at most 1 MiB (README "Inputs
and limits"). Prints every problem found (the first 50, then a count), each as
file:line:col field: what is wrong; how to fix it.

Options:
  --config DIR   the config folder (default: config)

Exit codes: 0 valid, 2 problems found.`,
  options: CONFIG_OPTION,
  async run(args, io) {
    const lz = loadLandingZone(stringOption(args, 'config')!);
    io.out(`${lz.accounts.length} accounts, ${lz.organizationalUnits.length} OUs, ${Object.keys(lz.products).length} products: config is valid.`);
    return 0;
  },
};
