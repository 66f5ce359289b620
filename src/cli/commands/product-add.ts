import { LzError } from '../../errors';
import { KeySchema } from '../../config/schema';
import { addProduct } from '../../products/add';
import { CONFIG_OPTION, stringOption, type Command, type ParsedArgs } from '../command';

/** `--ou prod=Workloads/Prod --ou staging=...` as a map. */
function pairs(args: ParsedArgs, option: string): Record<string, string> {
  const values = (args.values[option] as string[] | undefined) ?? [];
  const out: Record<string, string> = {};
  for (const v of values) {
    const [env, value] = v.split('=', 2);
    if (!env || !value) throw LzError.of('command line', `--${option} ${v} is not ENV=VALUE`, `write it as e.g. --${option} prod=${option === 'ou' ? 'Workloads/Prod' : 'prod'}`);
    out[env] = value;
  }
  return out;
}

export const productAdd: Command = {
  name: 'product add',
  summary: 'Write config/products/NAME.yaml with free VPC ranges and sane defaults',
  usage: 'lz product add NAME --team TEAM --owner-email EMAIL --cost-centre CC [--environments prod,nonprod] [OPTIONS]',
  help: `Writes one product file: an account per environment named NAME-ENV with the email
aws+NAME-ENV@<the management account's domain>, the OU and network segment that fit each
environment's name (prod: the Prod OU and the production segment; others: the NonProd OU and the
non-production segment), the home region, and for each environment the first free VPC range that
overlaps no other VPC or reserved range. The file is kept only if the whole config validates with it.

Options:
  --team TEAM             the owning team (required)
  --owner-email EMAIL     the owning team's email (required)
  --cost-centre CC        cost centre for tags and billing (required)
  --environments LIST     comma-separated environment names (default: prod,nonprod)
  --region REGION         the primary region (default: the home region)
  --vpc-prefix N          prefix length of each VPC (default: 20, 4,096 addresses)
  --pool CIDR             where VPC ranges come from (default: 10.0.0.0/8)
  --ou ENV=PATH           the OU for an environment, when the choice by name does not fit (repeatable)
  --segment ENV=NAME      the segment for an environment (repeatable)
  --config DIR            the config folder (default: config)

Exit codes: 0 written, 2 bad input (the product exists, no free range, config invalid with it).`,
  options: {
    ...CONFIG_OPTION,
    team: { type: 'string' },
    'owner-email': { type: 'string' },
    'cost-centre': { type: 'string' },
    environments: { type: 'string', default: 'prod,nonprod' },
    region: { type: 'string' },
    'vpc-prefix': { type: 'string', default: '20' },
    pool: { type: 'string', default: '10.0.0.0/8' },
    ou: { type: 'string', multiple: true },
    segment: { type: 'string', multiple: true },
  },
  positionals: true,
  async run(args, io) {
    const cli = 'command line';
    const [name, ...extra] = args.positionals;
    if (!name || extra.length) throw LzError.of(cli, name ? `unexpected arguments ${extra.join(' ')}` : 'the product NAME is missing', `usage: ${productAdd.usage}`);
    if (!KeySchema.safeParse(name).success) throw LzError.of(cli, `product name "${name}" is not valid`, 'use 2 to 32 lowercase letters, digits and hyphens, starting with a letter');
    const required = ['team', 'owner-email', 'cost-centre'].filter((o) => !stringOption(args, o));
    if (required.length) throw LzError.of(cli, `missing ${required.map((o) => `--${o}`).join(', ')}`, `usage: ${productAdd.usage}`);
    const vpcPrefix = Number(stringOption(args, 'vpc-prefix'));
    if (!Number.isInteger(vpcPrefix) || vpcPrefix < 16 || vpcPrefix > 24) throw LzError.of(cli, `--vpc-prefix ${stringOption(args, 'vpc-prefix')} is not allowed`, 'use a whole number from 16 to 24');
    const { file, text } = await addProduct(stringOption(args, 'config')!, {
      name,
      team: stringOption(args, 'team')!,
      ownerEmail: stringOption(args, 'owner-email')!,
      costCentre: stringOption(args, 'cost-centre')!,
      environments: stringOption(args, 'environments')!.split(',').map((e) => e.trim()).filter(Boolean),
      region: stringOption(args, 'region'),
      vpcPrefix,
      pool: stringOption(args, 'pool'),
      ous: pairs(args, 'ou'),
      segments: pairs(args, 'segment'),
    });
    io.out(text);
    io.out(`Wrote ${file}. Next: \`lz product init ${name}\` for its own stack, review it (\`lz policy lint\`, \`lz policy diff\`, \`lz policy prove\`: its accounts are pending until created), commit, then \`lz deploy ${name}/ENV\` creates the accounts and deploys them.`);
    return 0;
  },
};
