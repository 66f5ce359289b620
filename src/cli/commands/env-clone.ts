import { LzError } from '../../errors';
import { cloneEnvironment, parseTarget } from '../../products/environments';
import { CONFIG_OPTION, stringOption, type Command } from '../command';
import { CHOICE_HELP, CHOICE_OPTIONS, choices, report } from './env-add';

export const envClone: Command = {
  name: 'env clone',
  summary: 'Add an environment as a copy of another: same template, VPC size and product stack, its own account and range',
  usage: 'lz env clone PRODUCT/ENV NEW_ENV [--region R] [--vpc-prefix N] [--ou PATH] [--segment NAME] [--config DIR]',
  help: `Adds environments.NEW_ENV to the product's file as a copy of ENV: the same template, regions
(unless --region), VPC size, Availability Zones, NAT and SCPs, and the same product stack, in a new
account PRODUCT-NEW_ENV with a unique email and the first free VPC range. It records
clonedFrom: ENV, which the product stack reads (stack.clonedFrom) and the baseline publishes
(/landing-zone/environment/cloned-from). OU and segment fit the new name, so a copy of prod such as
release-42 is a test environment on the non-production segment. Comments and order are kept; the
change is kept only if the whole config validates.

Options:
  --region R       the region of the copy (default: the source's regions)
${CHOICE_HELP}

Exit codes: 0 written, 2 bad input.`,
  options: { ...CONFIG_OPTION, ...CHOICE_OPTIONS },
  positionals: true,
  async run(args, io) {
    const [target, environment, ...extra] = args.positionals;
    if (!environment || extra.length) throw LzError.of('command line', extra.length ? `unexpected arguments ${extra.join(' ')}` : 'NEW_ENV is missing', `usage: ${envClone.usage}`);
    const source = parseTarget(target, envClone.usage);
    return report(io, await cloneEnvironment(stringOption(args, 'config')!, source, environment, choices(args)), source.product, environment);
  },
};
