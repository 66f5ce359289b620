import { loadLandingZone } from '../../config/load';
import { EXIT } from '../../errors';
import { ORG_OPTIONS, ORG_OPTIONS_HELP } from '../../org/options';
import type * as ApiOptionsModule from '../../org/api-options';
import type * as PreflightModule from '../../org/preflight';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

export const PREFLIGHT_OPTIONS = { ...ORG_OPTIONS, 'account-quota': { type: 'string' as const } };

export const preflight: Command = {
  name: 'preflight',
  summary: 'Check, before apply, what would make the organization apply fail',
  usage: 'lz preflight [--config DIR] [--account-quota N] [--endpoint-url URL] [--timeout SECONDS]',
  help: `Checks with the live organization: the caller is the management account; the accounts to
create fit the account quota (Service Quotas, else the AWS default of 10, or --account-quota);
no account to create uses an email the organization already has without the lock recording it;
SCP and tag policy types and trusted access for the baseline's services (warnings: the
organization stack enables them); no CreateAccount request is still in progress.

Options:
  --config DIR          the config folder (default: config)
  --account-quota N     the organization's account quota, when Service Quotas cannot be read
${ORG_OPTIONS_HELP}

Exit codes: 0 nothing would fail (warnings allowed), 1 something would fail or an AWS call failed,
2 problems in the config.`,
  options: { ...CONFIG_OPTION, ...PREFLIGHT_OPTIONS },
  async run(args, io) {
    // Loaded when the command runs: the AWS SDK and cdktf would cost every other command's start-up.
    const { withOrgApi } = require('../../org/api-options') as typeof ApiOptionsModule;
    const { formatPreflight, parseAccountQuota, runPreflight } = require('../../org/preflight') as typeof PreflightModule;
    const accountQuota = parseAccountQuota(stringOption(args, 'account-quota'));
    const lz = loadLandingZone(stringOption(args, 'config')!);
    const checks = await withOrgApi(args, io, (api) => runPreflight(lz, api, { accountQuota }));
    io.out(formatPreflight(checks));
    return checks.some((c) => c.status === 'fail') ? EXIT.failure : EXIT.ok;
  },
};
