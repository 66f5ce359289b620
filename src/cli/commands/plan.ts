import { resolve } from 'node:path';
import { loadLandingZone } from '../../config/load';
import { EXIT, LzError } from '../../errors';
import { findTerraform } from '../../org/deploy-plan';
import type * as SynthModule from '../../synth/synth';
import type * as StacksModule from '../../../stacks';
import type * as PlanRunModule from '../../deploy/plan-run';
import { formatPlanReport, isRefused, PLAN_FORMATS, type PlanFormat } from '../../deploy/plan-report';
import { CONFIG_OPTION, stringOption, type Command } from '../command';
import { allowDestroyOf, DEFAULT_LOG_DIR, parallelismOf } from './deploy';

export const plan: Command = {
  name: 'plan',
  summary: 'terraform plan every stack (in parallel) and summarize; refuse replacing or destroying protected resources',
  usage: 'lz plan [STACK | PRODUCT/ENV ...] [--only] [--format text|json|markdown|github-matrix] [--allow-destroy ADDRESS ...] [--parallelism N] [--no-synth] [--saved] [--config DIR] [--out DIR] [--log-dir DIR] [--terraform BIN]',
  help: `Synthesizes the named stacks (default: all) and the stacks they depend on, then runs
terraform init (when needed), plan -out=lz.tfplan and show -json in each stack folder, up to
--parallelism at once, and prints one table: per stack, resources to add, change, replace,
destroy and import. Every replacement or destruction of a protected resource (accounts, OUs,
SCPs and their attachments, the organization, KMS keys, S3 buckets (the state bucket too), log
groups, trails, Config recorders, VPCs, subnets, transit gateways, ...) is listed and refuses the
plan unless --allow-destroy names it. The saved plans are what lz deploy --saved-plans applies.

Stacks that need accounts the organization stack has not created yet are listed as waiting:
lz deploy creates the accounts, then plans and applies them.

Options:
  --only                 plan only the named stacks, not the stacks they depend on
  --format F             text (default), json, markdown (a pull request comment), or
                         github-matrix (waveN=... lines for $GITHUB_OUTPUT: the stacks with changes
                         of each dependency wave, grouped into at most --jobs-per-wave jobs)
  --jobs-per-wave N      for github-matrix (default: 32)
  --allow-destroy ADDR   accept that a plan replaces or destroys this protected resource
                         (STACK:ADDRESS or ADDRESS; repeat for each)
  --parallelism N        stacks planned at once (default: 4)
  --no-synth             plan the output folder as it is
  --saved                report the plans the last lz plan saved (no synth, no terraform plan); each
                         must match its stack's configuration
  --config DIR, --out DIR, --log-dir DIR, --terraform BIN   as for lz deploy

Exit codes: 0 planned, 1 a plan was refused or a terraform step failed, 2 bad input.`,
  options: {
    ...CONFIG_OPTION,
    out: { type: 'string', default: 'cdktf.out' },
    'log-dir': { type: 'string' },
    terraform: { type: 'string', default: 'terraform' },
    parallelism: { type: 'string', default: '4' },
    'jobs-per-wave': { type: 'string', default: '32' },
    format: { type: 'string', default: 'text' },
    'allow-destroy': { type: 'string', multiple: true },
    only: { type: 'boolean', default: false },
    'no-synth': { type: 'boolean', default: false },
    saved: { type: 'boolean', default: false },
  },
  positionals: true,
  async run(args, io) {
    const format = stringOption(args, 'format')!;
    if (!PLAN_FORMATS.includes(format as PlanFormat)) {
      throw LzError.of('command line', `--format ${format} is not known`, `write one of ${PLAN_FORMATS.join(', ')}`);
    }
    const jobs = Number(stringOption(args, 'jobs-per-wave'));
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) {
      throw LzError.of('command line', `--jobs-per-wave ${stringOption(args, 'jobs-per-wave')} is not a whole number from 1 to 256`, 'write e.g. --jobs-per-wave 32 (GitHub runs at most 256 jobs per matrix)');
    }
    const parallelism = parallelismOf(args);
    const { synthesize } = require('../../synth/synth') as typeof SynthModule;
    const { stackDefinitions } = require('../../../stacks') as typeof StacksModule;
    const { runPlan } = require('../../deploy/plan-run') as typeof PlanRunModule;
    const configDir = stringOption(args, 'config')!;
    const outDir = stringOption(args, 'out')!;
    const lz = loadLandingZone(configDir);
    const terraform = findTerraform(stringOption(args, 'terraform')!);
    const report = await runPlan(lz, {
      targets: args.positionals,
      only: args.values.only === true,
      context: { terraform, outDir: resolve(outDir), logDir: resolve(stringOption(args, 'log-dir') ?? DEFAULT_LOG_DIR) },
      parallelism,
      allowDestroy: allowDestroyOf(args),
      synthesized: args.values['no-synth'] === true,
      fromSaved: args.values.saved === true,
      definitions: stackDefinitions,
      synthesize: (l, stacks) => synthesize(l, { outDir: resolve(outDir), stacks }),
    });
    io.out(formatPlanReport(report, format as PlanFormat, jobs));
    return isRefused(report) ? EXIT.failure : EXIT.ok;
  },
};
