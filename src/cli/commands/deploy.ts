import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadLandingZone } from '../../config/load';
import { EXIT, LzError } from '../../errors';
import type * as ApiOptionsModule from '../../org/api-options';
import { deployOrder, findTerraform, terraformSteps } from '../../org/deploy-plan';
import type * as PreflightModule from '../../org/preflight';
import type * as SynthModule from '../../synth/synth';
import type * as StacksModule from '../../../stacks';
import { CONFIG_OPTION, stringOption, type Command } from '../command';
import { PREFLIGHT_OPTIONS } from './preflight';

export const deploy: Command = {
  name: 'deploy',
  summary: 'Preflight, synthesize, then terraform init and apply each stack in dependency order',
  usage: 'lz deploy [STACK | PRODUCT/ENV ...] [--dry-run] [--skip-preflight] [--auto-approve] [--config DIR] [--out DIR] [--terraform BIN]',
  help: `Deploys the named stacks (default: all) and every stack they depend on, in dependency order:
runs lz preflight (unless --skip-preflight), synthesizes only those stacks, then for each runs
terraform -chdir=<out>/stacks/<stack> init and apply. PRODUCT/ENV (e.g. payments/prod) names
the product stack of that environment. Stops at the first step that fails.

Options:
  --dry-run           print exactly the commands it would run, and run nothing
  --skip-preflight    do not run lz preflight first
  --auto-approve      pass -auto-approve to terraform apply (for pipelines)
  --config DIR        the config folder (default: config)
  --out DIR           the synth output folder (default: cdktf.out)
  --terraform BIN     the terraform binary (default: terraform; e.g. tofu)
  --account-quota N, --endpoint-url URL, --timeout SECONDS   as for lz preflight

Exit codes: 0 deployed (or printed), 1 preflight or a terraform step failed, 2 bad input.`,
  options: {
    ...CONFIG_OPTION,
    ...PREFLIGHT_OPTIONS,
    out: { type: 'string', default: 'cdktf.out' },
    terraform: { type: 'string', default: 'terraform' },
    'dry-run': { type: 'boolean', default: false },
    'skip-preflight': { type: 'boolean', default: false },
    'auto-approve': { type: 'boolean', default: false },
  },
  positionals: true,
  async run(args, io) {
    // Loaded when the command runs: the AWS SDK and cdktf would cost every other command's start-up.
    const { withOrgApi } = require('../../org/api-options') as typeof ApiOptionsModule;
    const { formatPreflight, parseAccountQuota, runPreflight } = require('../../org/preflight') as typeof PreflightModule;
    const { synthesize } = require('../../synth/synth') as typeof SynthModule;
    const { stackDefinitions } = require('../../../stacks') as typeof StacksModule;
    const configDir = stringOption(args, 'config')!;
    const outDir = stringOption(args, 'out')!;
    const binary = stringOption(args, 'terraform')!;
    const accountQuota = parseAccountQuota(stringOption(args, 'account-quota'));
    const lz = loadLandingZone(configDir);
    const stacks = deployOrder(stackDefinitions(lz), args.positionals, lz);
    const steps = terraformSteps(outDir, stacks, args.values['auto-approve'] === true);
    const skipPreflight = args.values['skip-preflight'] === true;

    if (args.values['dry-run'] === true) {
      const lines = [
        ...(skipPreflight ? [] : [`lz preflight --config ${configDir}`]),
        `lz synth --config ${configDir} --out ${outDir} ${stacks.join(' ')}`,
        ...steps.map((s) => [binary, ...s.args].join(' ')),
      ];
      io.out(lines.join('\n'));
      return EXIT.ok;
    }

    const terraform = findTerraform(binary);
    if (!skipPreflight) {
      const checks = await withOrgApi(args, io, (api) => runPreflight(lz, api, { accountQuota }));
      io.out(formatPreflight(checks));
      if (checks.some((c) => c.status === 'fail')) {
        throw LzError.of('lz preflight', 'found what would fail at apply time, so nothing was deployed', 'fix the failed checks above, then deploy again (or --skip-preflight if you are sure)', EXIT.failure);
      }
    }
    await synthesize(lz, { outDir: resolve(outDir), stacks });
    for (const step of steps) {
      io.out(`$ ${[binary, ...step.args].join(' ')}`);
      const run = spawnSync(terraform, [...step.args], { stdio: 'inherit' });
      if (run.status !== 0) {
        throw LzError.of(`stack ${step.stack}`, `terraform ${step.args[1]} failed (exit ${run.status ?? run.signal})`, 'read the terraform output above, fix the cause and deploy again; stacks before it are applied', EXIT.failure);
      }
    }
    io.out(`Deployed ${stacks.join(', ')}.`);
    return EXIT.ok;
  },
};
