import { writeSchemas } from '../../config/json-schema';
import { configReference } from '../../config/reference';
import { type Command, stringOption } from '../command';

export const schema: Command = {
  name: 'schema',
  summary: 'Write the JSON Schemas of the config files (for editors)',
  usage: 'lz schema [--out DIR] [--reference]',
  help: `Writes organization.schema.json, product.schema.json and accounts-lock.schema.json, generated from
the same schema the loader checks with. Each config file names its schema in its first line.

Options:
  --out DIR     the folder to write into (default: schemas)
  --reference   print the config reference (Markdown, as in the README) instead

Exit codes: 0 written.`,
  options: { out: { type: 'string', default: 'schemas' }, reference: { type: 'boolean', default: false } },
  async run(args, io) {
    if (args.values.reference) {
      io.out(configReference());
      return 0;
    }
    const files = writeSchemas(stringOption(args, 'out')!);
    io.out(`Wrote ${files.join(', ')}`);
    return 0;
  },
};
