import { resolve } from 'node:path';
import { loadLandingZone } from '../../config/load';
import { EXIT, LzError } from '../../errors';
import type * as ApiOptionsModule from '../../org/api-options';
import type * as AccountWaitModule from '../../org/account-wait';
import { findTerraform } from '../../org/deploy-plan';
import type * as PreflightModule from '../../org/preflight';
import type * as SynthModule from '../../synth/synth';
import type * as StacksModule from '../../../stacks';
import type * as DeployRunModule from '../../deploy/deploy-run';
import type * as AppliedRecordsModule from '../../deploy/applied-records';
import { CONFIG_OPTION, stringOption, type Command, type ParsedArgs } from '../command';
import { PREFLIGHT_OPTIONS } from './preflight';
import { ACCOUNT_WAIT_OPTION, accountWaitMs } from './accounts-wait';

/** Each stack's terraform output goes here, outside the synth output that synth replaces. */
export const DEFAULT_LOG_DIR = '.lz/logs';

export function parallelismOf(args: ParsedArgs): number {
  const raw = stringOption(args, 'parallelism')!;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw LzError.of('command line', `--parallelism ${raw} is not a whole number from 1 to 256`, 'write e.g. --parallelism 16');
  }
  return n;
}

export function allowDestroyOf(args: ParsedArgs): string[] {
  const v = args.values['allow-destroy'];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

export const deploy: Command = {
  name: 'deploy',
  summary: 'Create what is missing: apply the organization, wait for new accounts and record them, then plan and apply every stack after it',
  usage:
    'lz deploy [STACK | PRODUCT/ENV ...] [--only] [--dry-run] [--parallelism N] [--all] [--allow-destroy ADDRESS ...] [--skip-preflight] [--saved-plans] [--no-synth] [--no-records] [--config DIR] [--out DIR] [--log-dir DIR] [--terraform BIN]',
  help: `Deploys the named stacks (default: all) and every stack they depend on, in dependency order.
PRODUCT/ENV (e.g. payments/prod) names the product stack of that environment (or, when the
product has none, its account's baseline).

From nothing: when config has accounts the organization does not have yet (no id in
config/accounts.lock.yaml), it synthesizes and applies the stacks up to the organization first,
waits until each new account is ACTIVE, records the ids in config/accounts.lock.yaml, then
synthesizes and applies the stacks after it.

Each stack: terraform init (when its backend or providers changed), plan -out=lz.tfplan,
show -json (a replacement or destruction of a protected resource stops the stack unless
--allow-destroy names it), apply of that saved plan. Up to --parallelism stacks run at once, each
as soon as the stacks it depends on are applied; lanes no stack can use yet run the init of
waiting stacks ahead (once the root stacks, the state bucket's, are applied). A stack whose
synthesized configuration is what it was at its last successful apply (recorded in the state
bucket under lz-applied/) is skipped.
On the first failure no new stack starts and the running ones finish; run the same command again
to resume. Each stack's terraform output goes to <log-dir>/<stack>.log.

Options:
  --only                 deploy only the named stacks, not the stacks they depend on
  --dry-run              print exactly what it would run, and run nothing
  --parallelism N        stacks applied at once (default: 4)
  --all                  plan every stack, also those unchanged since their last apply (drift)
  --allow-destroy ADDR   let a plan replace or destroy this protected resource (STACK:ADDRESS or
                         ADDRESS; repeat for each)
  --saved-plans          apply the plans lz plan saved where they match the configuration
  --no-synth             apply the output folder as it is (a CI job with the plan job's output)
  --no-records           neither read nor write the lz-applied records in the state bucket: every
                         stack is planned (e.g. a benchmark or a test without AWS)
  --skip-preflight       do not run lz preflight first
  --config DIR           the config folder (default: config)
  --out DIR              the synth output folder (default: cdktf.out)
  --log-dir DIR          where each stack's log goes (default: .lz/logs)
  --terraform BIN        the terraform binary (default: terraform; e.g. tofu)
  --account-wait SECONDS how long to wait for new accounts to be ACTIVE (default: 1800)
  --account-quota N, --endpoint-url URL, --timeout SECONDS   as for lz preflight

Exit codes: 0 deployed (or printed), 1 preflight, a terraform step, a guard or an AWS call failed,
2 bad input.`,
  options: {
    ...CONFIG_OPTION,
    ...PREFLIGHT_OPTIONS,
    ...ACCOUNT_WAIT_OPTION,
    out: { type: 'string', default: 'cdktf.out' },
    'log-dir': { type: 'string' },
    terraform: { type: 'string', default: 'terraform' },
    parallelism: { type: 'string', default: '4' },
    'allow-destroy': { type: 'string', multiple: true },
    all: { type: 'boolean', default: false },
    only: { type: 'boolean', default: false },
    'saved-plans': { type: 'boolean', default: false },
    'no-synth': { type: 'boolean', default: false },
    'no-records': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    'skip-preflight': { type: 'boolean', default: false },
  },
  positionals: true,
  async run(args, io) {
    // Loaded when the command runs: the AWS SDK and cdktf would cost every other command's start-up.
    const { synthesize } = require('../../synth/synth') as typeof SynthModule;
    const { stackDefinitions } = require('../../../stacks') as typeof StacksModule;
    const { dryRunLines, runDeploy } = require('../../deploy/deploy-run') as typeof DeployRunModule;
    const configDir = stringOption(args, 'config')!;
    const outDir = stringOption(args, 'out')!;
    const binary = stringOption(args, 'terraform')!;
    const parallelism = parallelismOf(args);
    const waitMs = accountWaitMs(args);
    // Checked up front, but the preflight's AWS clients are loaded only when it runs.
    const quota = stringOption(args, 'account-quota');
    const accountQuota = quota === undefined ? undefined : (require('../../org/preflight') as typeof PreflightModule).parseAccountQuota(quota);
    const flag = (name: string) => args.values[name] === true;
    const lz = loadLandingZone(configDir);
    const skipPreflight = flag('skip-preflight');

    if (flag('dry-run')) {
      const lines = dryRunLines(lz, {
        definitions: stackDefinitions(lz),
        targets: args.positionals,
        only: flag('only'),
        configDir,
        outDir,
        terraform: binary,
        preflight: !skipPreflight,
        synthesized: flag('no-synth'),
        parallelism,
        stateBucket: lz.stateBucket,
        all: flag('all'),
        records: !flag('no-records'),
      });
      io.out(lines.join('\n'));
      return EXIT.ok;
    }

    const terraform = findTerraform(binary);
    if (!skipPreflight) {
      const { withOrgApi } = require('../../org/api-options') as typeof ApiOptionsModule;
      const { formatPreflight, runPreflight } = require('../../org/preflight') as typeof PreflightModule;
      const checks = await withOrgApi(args, io, (api) => runPreflight(lz, api, { accountQuota }));
      io.out(formatPreflight(checks));
      if (checks.some((c) => c.status === 'fail')) {
        throw LzError.of('lz preflight', 'found what would fail at apply time, so nothing was deployed', 'fix the failed checks above, then deploy again (or --skip-preflight if you are sure)', EXIT.failure);
      }
    }
    const { s3AppliedRecords } = require('../../deploy/applied-records') as typeof AppliedRecordsModule;
    const { waitAndRecordAccounts } = require('../../org/account-wait') as typeof AccountWaitModule;
    const endpoint = stringOption(args, 'endpoint-url') ?? (process.env.AWS_ENDPOINT_URL || undefined);
    const records = flag('no-records') ? undefined : s3AppliedRecords({ bucket: lz.stateBucket, region: lz.organization.homeRegion, endpointUrl: endpoint });
    try {
      await runDeploy(lz, {
        targets: args.positionals,
        only: flag('only'),
        context: { terraform, outDir: resolve(outDir), logDir: resolve(stringOption(args, 'log-dir') ?? DEFAULT_LOG_DIR) },
        parallelism,
        all: flag('all'),
        allowDestroy: allowDestroyOf(args),
        reuseSavedPlans: flag('saved-plans'),
        synthesized: flag('no-synth'),
        definitions: stackDefinitions,
        synthesize: (l, stacks) => synthesize(l, { outDir: resolve(outDir), stacks }),
        records,
        async waitForAccounts(current) {
          // A client of its own: the wait has its own bound, whatever the applies before it took.
          const { orgApiFromArgs } = require('../../org/api-options') as typeof ApiOptionsModule;
          const api = orgApiFromArgs({ ...args, values: { ...args.values, timeout: String(waitMs / 1000 + 300) } }, io);
          try {
            const result = await waitAndRecordAccounts(current, api, { timeoutMs: waitMs, pollMs: pollMs(), log: io.out });
            if (result) io.out(`Recorded ${result.matched} account ids in ${result.file}.`);
          } finally {
            api.destroy();
          }
          return loadLandingZone(configDir);
        },
        out: io.out,
      });
    } finally {
      records?.destroy();
    }
    return EXIT.ok;
  },
};

/** Between two looks at new accounts; LZ_ACCOUNT_POLL_MS shortens it for tests against an emulator. */
function pollMs(): number {
  const v = Number(process.env.LZ_ACCOUNT_POLL_MS);
  return Number.isFinite(v) && v > 0 ? v : 15_000;
}
