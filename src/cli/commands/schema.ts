import { writeSchemas } from '../../config/json-schema';
import { type Command, stringOption } from '../command';

export const schema: Command = {
  name: 'schema',
  summary: 'Write the JSON Schemas of the config files (for editors)',
  usage: 'lz schema [--out DIR]',
  help: `Writes organization.schema.json, product.schema.json and accounts-lock.schema.json, generated from
the same schema the loader checks with. Each config file names its schema in its first line.

Options:
  --out DIR   the folder to write into (default: schemas)

Exit codes: 0 written.`,
  options: { out: { type: 'string', default: 'schemas' } },
  async run(args, io) {
    const files = writeSchemas(stringOption(args, 'out')!);
    io.out(`Wrote ${files.join(', ')}`);
    return 0;
  },
};
