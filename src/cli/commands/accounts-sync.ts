import { withConfigLock } from '../../config/config-lock';
import { loadLandingZone } from '../../config/load';
import { displayPath } from '../../config/paths';
import { ORG_OPTIONS, ORG_OPTIONS_HELP } from '../../org/options';
import type * as ApiOptionsModule from '../../org/api-options';
import type * as SyncModule from '../../org/sync';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

export const accountsSync: Command = {
  name: 'accounts sync',
  summary: 'Write the ids of the live accounts into config/accounts.lock.yaml',
  usage: 'lz accounts sync [--config DIR] [--endpoint-url URL] [--timeout SECONDS]',
  help: `Reads the live organization (accounts, OUs, SCPs) and writes config/accounts.lock.yaml: each
config account matched by email with its id, OU path and status, the ids of the OUs and SCPs
(the organization stack imports what already exists), and the accounts config does not declare,
under unmanaged. The file is replaced atomically; a rerun with nothing changed leaves it
byte-identical.

Options:
  --config DIR        the config folder (default: config)
${ORG_OPTIONS_HELP}

Exit codes: 0 written or up to date, 1 an AWS call failed, 2 problems in the config.`,
  options: { ...CONFIG_OPTION, ...ORG_OPTIONS },
  async run(args, io) {
    // Loaded when the command runs: the AWS SDK and cdktf would cost every other command's start-up.
    const { withOrgApi } = require('../../org/api-options') as typeof ApiOptionsModule;
    const { describeSync, syncAccounts } = require('../../org/sync') as typeof SyncModule;
    const configDir = stringOption(args, 'config')!;
    const result = await withConfigLock(configDir, () => withOrgApi(args, io, (api) => syncAccounts(loadLandingZone(configDir), api)), { command: 'lz accounts sync' });
    io.out(describeSync(result, displayPath(result.file)).join('\n'));
    return 0;
  },
};
