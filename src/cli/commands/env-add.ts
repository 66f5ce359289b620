import { LzError } from '../../errors';
import { addEnvironment, type NewEnvironmentOptions } from '../../products/environments';
import { CONFIG_OPTION, stringOption, type Command, type Options, type ParsedArgs } from '../command';

export const CHOICE_OPTIONS: Options = {
  region: { type: 'string' },
  'vpc-prefix': { type: 'string' },
  pool: { type: 'string', default: '10.0.0.0/8' },
  ou: { type: 'string' },
  segment: { type: 'string' },
};

export const CHOICE_HELP = `  --vpc-prefix N   prefix length of the VPC (default: the template's, else the source's, else 20)
  --pool CIDR      where the VPC range comes from (default: 10.0.0.0/8)
  --ou PATH        the OU (default: the one that fits the name: Prod for prod, NonProd otherwise)
  --segment NAME   the network segment (default: the one that fits the name)
  --config DIR     the config folder (default: config)`;

export function choices(args: ParsedArgs): NewEnvironmentOptions {
  const prefix = stringOption(args, 'vpc-prefix');
  const vpcPrefix = prefix === undefined ? undefined : Number(prefix);
  if (vpcPrefix !== undefined && (!Number.isInteger(vpcPrefix) || vpcPrefix < 16 || vpcPrefix > 28)) {
    throw LzError.of('command line', `--vpc-prefix ${prefix} is not allowed`, 'use a whole number from 16 to 28');
  }
  return { region: stringOption(args, 'region'), vpcPrefix, pool: stringOption(args, 'pool'), ou: stringOption(args, 'ou'), segment: stringOption(args, 'segment'), template: stringOption(args, 'template') };
}

export function report(io: { out(t: string): void }, change: { file: string; summary: string }, product: string, environment: string): number {
  io.out(`Wrote ${change.file}: ${change.summary}.`);
  io.out(`Next: commit it, then \`lz deploy ${product}/${environment}\` creates the account and deploys its baseline and product stack.`);
  return 0;
}

export const envAdd: Command = {
  name: 'env add',
  summary: 'Add an environment to a product: its own account, a free VPC range, the template you name',
  usage: 'lz env add PRODUCT ENV [--template NAME] [--region R] [--vpc-prefix N] [--ou PATH] [--segment NAME] [--config DIR]',
  help: `Adds environments.ENV to config/products/PRODUCT.yaml: an account PRODUCT-ENV with the email
aws+PRODUCT-ENV@<the management account's domain>, the first free VPC range, the OU and segment
that fit the name, and the template's VPC size, NAT, Config rules, budget, schedule and tags. The
file keeps its comments and order; the change is kept only if the whole config validates.

Options:
  --template NAME  the environment template (organization.yaml environmentTemplates)
  --region R       the region (default: the home region)
${CHOICE_HELP}

Exit codes: 0 written, 2 bad input (no such product, the environment exists, config invalid with it).`,
  options: { ...CONFIG_OPTION, ...CHOICE_OPTIONS, template: { type: 'string' } },
  positionals: true,
  async run(args, io) {
    const [product, environment, ...extra] = args.positionals;
    if (!product || !environment || extra.length) throw LzError.of('command line', extra.length ? `unexpected arguments ${extra.join(' ')}` : 'PRODUCT and ENV are needed', `usage: ${envAdd.usage}`);
    return report(io, await addEnvironment(stringOption(args, 'config')!, product, environment, choices(args)), product, environment);
  },
};

