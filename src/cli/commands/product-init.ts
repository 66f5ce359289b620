import { LzError } from '../../errors';
import { KeySchema } from '../../config/schema';
import { initProduct } from '../../products/init';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

export const productInit: Command = {
  name: 'product init',
  summary: "Write the product's own stack and its test in products/NAME/",
  usage: 'lz product init NAME [--config DIR]',
  help: `For a product in config (lz product add), writes products/NAME/stack.ts, a stack built with
the product kit (an encrypted bucket and a service role granted read and write on it), and
products/NAME/stack.test.ts, then says what to commit. lz synth and lz deploy find the stack by
its folder: no other file changes. Nothing is overwritten: if either file exists, nothing is written.

Options:
  --config DIR   the config folder (default: config); products/ is beside it

Exit codes: 0 written, 2 bad input (no such product, a file exists).`,
  options: { ...CONFIG_OPTION },
  positionals: true,
  async run(args, io) {
    const cli = 'command line';
    const [name, ...extra] = args.positionals;
    if (!name || extra.length) throw LzError.of(cli, name ? `unexpected arguments ${extra.join(' ')}` : 'the product NAME is missing', `usage: ${productInit.usage}`);
    if (!KeySchema.safeParse(name).success) throw LzError.of(cli, `product name "${name}" is not valid`, 'use 2 to 32 lowercase letters, digits and hyphens, starting with a letter');
    const { files, commit } = initProduct(stringOption(args, 'config')!, name);
    io.out(`Wrote ${files.join(' and ')}.`);
    io.out(`Next: edit the stack, run its test (npx jest ${files[1]}), lz synth, then commit:\n  git add ${commit.join(' ')}`);
    return 0;
  },
};
