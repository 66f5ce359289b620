import { withConfigLock } from '../../config/config-lock';
import { loadLandingZone } from '../../config/load';
import { LzError } from '../../errors';
import { ORG_OPTIONS, ORG_OPTIONS_HELP } from '../../org/options';
import type * as ApiOptionsModule from '../../org/api-options';
import type * as CloseModule from '../../org/close';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

export const accountClose: Command = {
  name: 'account close',
  summary: 'Close a suspended account (the last step of retiring it)',
  usage: 'lz account close NAME --confirm NAME [--config DIR] [--endpoint-url URL] [--timeout SECONDS]',
  help: `Closes the AWS account NAME. Retiring an account is a flow, never a config deletion:
  1. set state: suspended on its environment and run lz deploy baseline-NAME: the organization
     stack moves the account to the suspended OU under the deny-all SCP (nobody there can act but
     the bootstrap role), its product stack leaves the app, and its baseline, still in the app while
     the account is open, destroys its Transit Gateway attachment, association, propagations and
     routes to the hub; the network stack keeps blackholing its range;
  2. run lz account close NAME --confirm NAME: it checks that the account is suspended in config
     and in the suspended OU, that its baseline's state in the state bucket holds nothing on the
     hub, that it is at least 7 days old and within the AWS close quota (10% of member accounts per
     30 days), closes it, records the closure in config/account-closures.yaml and marks it
     PENDING_CLOSURE in config/accounts.lock.yaml, so its baseline leaves the app;
  3. keep the account in config with state: suspended until AWS removes it (90 days), then run
     lz accounts sync and delete it from config.

Options:
  --confirm NAME      the account name again; nothing is closed without it
  --config DIR        the config folder (default: config)
${ORG_OPTIONS_HELP}

Exit codes: 0 closed, 1 AWS refused or a check on the live account failed, 2 bad input.`,
  options: { ...CONFIG_OPTION, ...ORG_OPTIONS, confirm: { type: 'string' } },
  positionals: true,
  async run(args, io) {
    // Loaded when the command runs: the AWS SDK and cdktf would cost every other command's start-up.
    const { withOrgApi } = require('../../org/api-options') as typeof ApiOptionsModule;
    const { closeAccount } = require('../../org/close') as typeof CloseModule;
    const [name, ...rest] = args.positionals;
    if (!name || rest.length) throw LzError.of('command line', 'lz account close takes exactly one account name', 'write lz account close NAME --confirm NAME');
    const confirm = stringOption(args, 'confirm');
    if (confirm !== name) {
      throw LzError.of('command line', confirm === undefined ? `closing ${name} needs --confirm ${name}` : `--confirm ${confirm} does not repeat the account name ${name}`, `write lz account close ${name} --confirm ${name}`);
    }
    const configDir = stringOption(args, 'config')!;
    const { closure, file } = await withConfigLock(configDir, () => withOrgApi(args, io, (api) => closeAccount(loadLandingZone(configDir), api, name)), { command: `lz account close ${name}` });
    io.out(`Closed ${closure.name} (${closure.id}); recorded in ${file}. Keep it in config with state: suspended until AWS removes it from the organization (90 days), then run lz accounts sync.`);
    return 0;
  },
};
