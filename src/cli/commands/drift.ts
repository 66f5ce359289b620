import { loadLandingZone } from '../../config/load';
import { EXIT, LzError } from '../../errors';
import { ORG_OPTIONS, ORG_OPTIONS_HELP } from '../../org/options';
import type * as ApiOptionsModule from '../../org/api-options';
import type * as DriftModule from '../../org/drift';
import type * as LiveModule from '../../org/live';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

export const drift: Command = {
  name: 'drift',
  summary: 'Compare the live organization with config: accounts, OUs, SCPs and their attachments',
  usage: 'lz drift [--config DIR] [--format text|json] [--endpoint-url URL] [--timeout SECONDS]',
  help: `Reads the live organization and reports every difference an apply did not make: accounts in
another OU than config says, accounts config does not declare, accounts suspended or closed while
config says active, SCPs attached or detached by hand, SCPs whose content differs from the
rendered policies/scp/<name>.json, and SCPs config does not know that are attached somewhere.
Accounts and OUs config declares but the organization lacks are not drift: apply creates them.

Options:
  --config DIR        the config folder (default: config)
  --format FORMAT     text (one line per finding) or json (default: text)
${ORG_OPTIONS_HELP}

Exit codes: 0 no drift, 4 drift found, 1 an AWS call failed, 2 problems in the config.`,
  options: { ...CONFIG_OPTION, ...ORG_OPTIONS, format: { type: 'string', default: 'text' } },
  async run(args, io) {
    // Loaded when the command runs: the AWS SDK and cdktf would cost every other command's start-up.
    const { withOrgApi } = require('../../org/api-options') as typeof ApiOptionsModule;
    const { findDrift, formatDriftJson, formatDriftText } = require('../../org/drift') as typeof DriftModule;
    const { readLiveOrganization } = require('../../org/live') as typeof LiveModule;
    const format = stringOption(args, 'format')!;
    if (format !== 'text' && format !== 'json') {
      throw LzError.of('command line', `--format ${format} is not a format of lz drift`, 'use --format text or --format json');
    }
    const lz = loadLandingZone(stringOption(args, 'config')!);
    const live = await withOrgApi(args, io, (api) => readLiveOrganization(api));
    const found = findDrift(lz, live);
    io.out(format === 'json' ? formatDriftJson(found) : formatDriftText(found));
    return found.length ? EXIT.drift : EXIT.ok;
  },
};
