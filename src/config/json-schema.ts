/** JSON Schemas generated from the zod schema, so editors check what the loader checks. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AccountsLockSchema, OrganizationSchema, ProductSchema } from './schema';

export const SCHEMA_FILES: Readonly<Record<string, z.ZodType>> = {
  'organization.schema.json': OrganizationSchema,
  'product.schema.json': ProductSchema,
  'accounts-lock.schema.json': AccountsLockSchema,
};

export function jsonSchema(schema: z.ZodType, id: string): string {
  const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', cycles: 'ref', reused: 'inline' });
  return `${JSON.stringify({ $id: id, ...generated }, null, 2)}\n`;
}

export function writeSchemas(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(SCHEMA_FILES).map(([file, schema]) => {
    writeFileSync(join(dir, file), jsonSchema(schema, file));
    return join(dir, file);
  });
}
