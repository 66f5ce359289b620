import { loadLandingZone } from '../../config/load';
import { displayPath } from '../../config/paths';
import { EXIT, LzError } from '../../errors';
import { ORG_OPTIONS, ORG_OPTIONS_HELP } from '../../org/options';
import type * as ApiOptionsModule from '../../org/api-options';
import type * as AccountWaitModule from '../../org/account-wait';
import type * as SyncModule from '../../org/sync';
import { CONFIG_OPTION, stringOption, type Command, type Options, type ParsedArgs } from '../command';

export const ACCOUNT_WAIT_OPTION: Options = { 'account-wait': { type: 'string', default: '1800' } };

export function accountWaitMs(args: ParsedArgs): number {
  const raw = stringOption(args, 'account-wait')!;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw LzError.of('command line', `--account-wait ${raw} is not a positive number of seconds`, 'write e.g. --account-wait 1800');
  }
  return seconds * 1000;
}

export const accountsWait: Command = {
  name: 'accounts wait',
  summary: 'Wait until the accounts the organization stack creates are ACTIVE, then record their ids',
  usage: 'lz accounts wait [--config DIR] [--account-wait SECONDS] [--endpoint-url URL]',
  help: `The step lz deploy runs after applying the organization stack: waits until every account in
config without an id in config/accounts.lock.yaml is ACTIVE in the organization, then writes the
lock file (atomically, as lz accounts sync does). A CreateAccount request that FAILED is named with
AWS's reason (e.g. EMAIL_ALREADY_EXISTS) and what to do. Nothing pending: it says so and exits 0.

Options:
  --config DIR            the config folder (default: config)
  --account-wait SECONDS  how long to wait (default: 1800)
${ORG_OPTIONS_HELP}

Exit codes: 0 recorded (or nothing pending), 1 an account failed or did not become ACTIVE in time,
or an AWS call failed, 2 problems in the config.`,
  options: { ...CONFIG_OPTION, ...ORG_OPTIONS, ...ACCOUNT_WAIT_OPTION },
  async run(args, io) {
    const { withOrgApi } = require('../../org/api-options') as typeof ApiOptionsModule;
    const { waitAndRecordAccounts } = require('../../org/account-wait') as typeof AccountWaitModule;
    const { describeSync } = require('../../org/sync') as typeof SyncModule;
    const waitMs = accountWaitMs(args);
    const lz = loadLandingZone(stringOption(args, 'config')!);
    const poll = Number(process.env.LZ_ACCOUNT_POLL_MS);
    const result = await withOrgApi({ ...args, values: { timeout: String(waitMs / 1000 + 300), ...args.values } }, io, (api) =>
      waitAndRecordAccounts(lz, api, { timeoutMs: waitMs, pollMs: Number.isFinite(poll) && poll > 0 ? poll : undefined, log: io.out }),
    );
    if (!result) {
      io.out('No account is waiting to be created: every account in config has an id in the lock file.');
      return EXIT.ok;
    }
    io.out(describeSync(result, displayPath(result.file)).join('\n'));
    return EXIT.ok;
  },
};
