/**
 * The config reference in the README, generated from the same JSON Schemas editors use, so the
 * documentation cannot drift from what the loader accepts.
 */
import { z } from 'zod';
import { SCHEMA_FILES } from './json-schema';

interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  additionalProperties?: JsonSchemaNode | boolean;
  propertyNames?: JsonSchemaNode;
  items?: JsonSchemaNode;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchemaNode>;
  anyOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
}

const TITLES: Record<string, string> = {
  'organization.schema.json': '`config/organization.yaml`',
  'product.schema.json': '`config/products/<product>.yaml`',
  'accounts-lock.schema.json': '`config/accounts.lock.yaml` (written by `lz accounts sync`)',
};

function typeOf(node: JsonSchemaNode, defs: Record<string, JsonSchemaNode>): string {
  if (node.$ref) return typeOf(defs[node.$ref.replace('#/$defs/', '')] ?? {}, defs);
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (node.type === 'array') return `list of ${node.items ? typeOf(node.items, defs) : 'values'}`;
  if (node.type === 'object') return node.properties ? 'mapping' : 'map of name → mapping';
  if (node.type === 'integer' || node.type === 'number') {
    const range = node.minimum !== undefined && node.maximum !== undefined ? ` ${node.minimum}–${node.maximum}` : '';
    return `number${range}`;
  }
  return String(node.type ?? 'any');
}

function rows(node: JsonSchemaNode, prefix: string, defs: Record<string, JsonSchemaNode>, out: string[], seen: readonly string[]): void {
  // A recursive definition (OUs hold OUs) is listed once; deeper levels have the same fields.
  if (node.$ref && seen.includes(node.$ref)) return;
  const here = node.$ref ? [...seen, node.$ref] : seen;
  const resolved = node.$ref ? defs[node.$ref.replace('#/$defs/', '')] ?? node : node;
  for (const [key, child] of Object.entries(resolved.properties ?? {})) {
    const target = child.$ref ? defs[child.$ref.replace('#/$defs/', '')] ?? child : child;
    const path = `${prefix}${key}`;
    const required = resolved.required?.includes(key) ? 'yes' : '';
    const description = (child.description ?? target.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
    out.push(`| \`${path}\` | ${typeOf(child, defs)} | ${required} | ${description} |`);
    if (target.properties) rows(child.$ref ? child : target, `${path}.`, defs, out, here);
    const values = typeof target.additionalProperties === 'object' ? target.additionalProperties : undefined;
    if (values && (values.properties || values.$ref)) rows(values, `${path}.<name>.`, defs, out, here);
    if (target.items && (target.items.properties || target.items.$ref)) rows(target.items, `${path}[].`, defs, out, here);
  }
}

export function configReference(): string {
  const sections: string[] = [];
  for (const [file, schema] of Object.entries(SCHEMA_FILES)) {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', cycles: 'ref', reused: 'inline' }) as JsonSchemaNode;
    const out = [`#### ${TITLES[file]}`, '', json.description ?? '', '', '| field | type | required | meaning |', '|---|---|---|---|'];
    rows(json, '', json.$defs ?? {}, out, []);
    sections.push(out.join('\n'));
  }
  return `${sections.join('\n\n')}\n`;
}
