import { withConfigLock } from '../../config/config-lock';
import { ORG_OPTIONS, ORG_OPTIONS_HELP } from '../../org/options';
import type * as ApiOptionsModule from '../../org/api-options';
import type * as ImportModule from '../../org/import';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

export const orgImport: Command = {
  name: 'org import',
  summary: 'Adopt an existing organization: write what config lacks and the ids to import',
  usage: 'lz org import [--config DIR] [--endpoint-url URL] [--timeout SECONDS]',
  help: `Reads the live organization: root, OU tree, accounts, SCPs and their attachments. Writes into
config whatever it lacks (OUs into organization.yaml, SCPs into organization.yaml with their
document under policies/scp/, attachments where the target is declared), then writes
config/accounts.lock.yaml with every live id. The organization stack then imports (Terraform
import blocks) the organization, OUs, accounts, SCPs and attachments that exist instead of
creating them. Accounts config does not declare are listed and left unmanaged. Running it again
changes nothing when nothing changed. Review the diff before committing it.

Options:
  --config DIR        the config folder (default: config)
${ORG_OPTIONS_HELP}

Exit codes: 0 written, 1 an AWS call failed, 2 problems in the config (nothing is written).`,
  options: { ...CONFIG_OPTION, ...ORG_OPTIONS },
  async run(args, io) {
    // Loaded when the command runs: the AWS SDK and cdktf would cost every other command's start-up.
    const { withOrgApi } = require('../../org/api-options') as typeof ApiOptionsModule;
    const { describeImport, importOrganization } = require('../../org/import') as typeof ImportModule;
    const configDir = stringOption(args, 'config')!;
    const result = await withConfigLock(configDir, () => withOrgApi(args, io, (api) => importOrganization(configDir, api)), { command: 'lz org import' });
    io.out(describeImport(result).join('\n'));
    return 0;
  },
};
