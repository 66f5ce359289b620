import { loadLandingZone } from '../../config/load';
import { EXIT, LzError } from '../../errors';
import type * as BaseModule from '../../policies/diff/base';
import type * as ModelModule from '../../policies/model';
import type * as ModelBuildModule from '../../policies/model-build';
import { synthDocuments } from './policy-diff';
import type * as PendingModule from '../../policies/pending-accounts';
import type * as FormatModule from '../../policies/prove/format';
import type * as ProofsModule from '../../policies/prove/proofs';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

export const policyProve: Command = {
  name: 'policy prove',
  summary: 'Prove the guardrails hold for this organization, offline',
  usage: 'lz policy prove [--config DIR] [--synth-out DIR] [--format text|json]',
  help: `Evaluates every request that could break a guardrail, with the SCPs down each account's OU path,
the roles' boundaries and policies, and the key, bucket and trust policies of the policy model:
  - no member account principal can leave the organization;
  - no member account principal but the deploy and bootstrap roles can stop or delete CloudTrail or AWS Config,
    or delete VPC flow logs;
  - no member account principal can act outside the allowed regions (global services excepted);
  - no product's principals can use another product's KMS keys or buckets;
  - a product account's deploy role cannot create or change a role without the permissions boundary;
  - the break-glass role cannot be assumed without MFA.
Each failing guardrail lists the requests that break it.

Options:
  --config DIR      the config folder (default: config)
  --synth-out DIR   read the documents from this \`lz synth\` output (the pull request's own code
                    wrote it) instead of building them with the running code
  --format FORMAT   text (default) or json

Exit codes: 0 every guardrail holds, 1 one or more fail, 2 bad input.`,
  options: { ...CONFIG_OPTION, 'synth-out': { type: 'string' }, format: { type: 'string', default: 'text' } },
  async run(args, io) {
    // Loaded when the command runs: the AWS SDK and cdktf would cost every other command's start-up.
    const { buildPolicyModel } = require('../../policies/model-build') as typeof ModelBuildModule;
    const { formatProofs, formatProofsJson } = require('../../policies/prove/format') as typeof FormatModule;
    const { PROOFS } = require('../../policies/prove/proofs') as typeof ProofsModule;
    const format = stringOption(args, 'format')!;
    if (format !== 'text' && format !== 'json') throw LzError.of('command line', `--format ${format} is not a prove format`, 'use --format text or --format json');
    const { documentsFromSynth } = require('../../policies/diff/base') as typeof BaseModule;
    const { assembleModel } = require('../../policies/model') as typeof ModelModule;
    const lz = loadLandingZone(stringOption(args, 'config')!);
    const out = stringOption(args, 'synth-out');
    const model = out ? assembleModel(lz, synthDocuments(documentsFromSynth, out)) : await buildPolicyModel(lz);
    const results = PROOFS.map((p) => p.run(model));
    io.out(format === 'json' ? formatProofsJson(results) : formatProofs(results));
    const { pendingAccountsNote } = require('../../policies/pending-accounts') as typeof PendingModule;
    const pending = pendingAccountsNote(model);
    if (format === 'text' && pending) io.out(pending);
    return results.some((r) => r.status === 'fails') ? EXIT.failure : EXIT.ok;
  },
};
