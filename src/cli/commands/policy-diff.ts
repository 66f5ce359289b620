import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadLandingZone } from '../../config/load';
import { EXIT, LzError } from '../../errors';
import type * as BaseModule from '../../policies/diff/base';
import type * as ReportModule from '../../policies/diff/report';
import type * as ModelModule from '../../policies/model';
import type * as ModelBuildModule from '../../policies/model-build';
import type * as CoverageModule from '../../synth/policy-coverage';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

/** The documents of a synth output folder, or a clear refusal when it has none or it deploys a document it does not record. */
export function synthDocuments<T>(read: (dir: string) => T, dir: string): T {
  if (!existsSync(join(dir, 'policies', 'index.json'))) {
    throw LzError.of('command line', `${dir} holds no policy model (policies/index.json)`, 'point it at the output folder of lz synth');
  }
  // Written by other code (the pull request's): its index must hold every document its stacks deploy.
  (require('../../synth/policy-coverage') as typeof CoverageModule).checkSynthOutputCoverage(dir);
  return read(dir);
}

export const policyDiff: Command = {
  name: 'policy diff',
  summary: 'Say which access a change adds or removes: statements and effective access, offline',
  usage: 'lz policy diff [--config DIR] [--base REF] [--head-out DIR] [--format md|json]',
  help: `Builds the policy model of the base (a git ref, checked out into a temporary worktree) with the
base's own code — its sources built with tsc and its own \`lz synth\`, cached in the git directory by
commit — so a change to a module, a stack or the review itself cannot change what the base is said to
grant (a repository holding only config is read with the installed code, cached by commit and code),
and the policy model of the working tree with the working tree's code, then reports:
  - per changed document, the statements added, removed and changed (effect, actions, resources,
    principals, conditions) and the attachments, each marked broadening or narrowing;
  - effective access: for every landing-zone role and an administrator of every member account
    (the SCP ceiling), which sensitive IAM, KMS, Organizations, CloudTrail, Config, S3 and EC2
    network actions were gained or lost, on which resources, in which region (each allowed region
    and one outside them). Only the principals and requests the change can affect are evaluated:
    those bound by other documents than before, added or removed, and the actions whose statements
    changed (LZ_REVIEW_UNGROUPED=1 evaluates every pair).
The Markdown starts with a one-line summary and collapses the details, for a pull-request comment.

Options:
  --config DIR      the config folder (default: config)
  --base REF        the git ref to compare with (default: the merge base of HEAD with main)
  --head-out DIR    read the working tree's documents from this \`lz synth\` output (written by the
                    pull request's own code) instead of building them with the running code: the
                    review workflow runs the base branch's lz on the pull request's synth output
  --format FORMAT   md (default) or json

Exit codes: 0 nothing broadens access, 3 something does (ask for a security approval),
2 bad input (unknown ref, bad config), 1 git failed.`,
  options: { ...CONFIG_OPTION, base: { type: 'string' }, 'head-out': { type: 'string' }, format: { type: 'string', default: 'md' } },
  async run(args, io) {
    // Loaded when the command runs: the AWS SDK and cdktf would cost every other command's start-up.
    const { documentsFromSynth, loadBaseModel, resolveBase } = require('../../policies/diff/base') as typeof BaseModule;
    const { diffModels, formatJson, formatMarkdown } = require('../../policies/diff/report') as typeof ReportModule;
    const { assembleModel } = require('../../policies/model') as typeof ModelModule;
    const { buildPolicyModel } = require('../../policies/model-build') as typeof ModelBuildModule;
    const format = stringOption(args, 'format')!;
    if (format !== 'md' && format !== 'json') throw LzError.of('command line', `--format ${format} is not a diff format`, 'use --format md or --format json');
    const configDir = stringOption(args, 'config')!;
    const headOut = stringOption(args, 'head-out');
    const headLz = loadLandingZone(configDir);
    const head = headOut ? assembleModel(headLz, synthDocuments(documentsFromSynth, headOut)) : await buildPolicyModel(headLz);
    const ref = resolveBase(stringOption(args, 'base'), process.cwd());
    const base = await loadBaseModel(ref, configDir);
    const diff = diffModels(base, head, { base: `${ref.name} (${ref.commit.slice(0, 12)})`, head: 'working tree' });
    io.out(format === 'json' ? formatJson(diff) : formatMarkdown(diff));
    return diff.broadening ? EXIT.broadening : EXIT.ok;
  },
};
