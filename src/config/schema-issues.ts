/**
 * Turns zod's issues into problems that name the place, the value, what is allowed and the fix.
 */
import { z } from 'zod';
import type { Problem } from '../errors';
import { quoted } from './input-file';
import { YamlFile, type PathPart } from './yaml-file';

/** The schema at a path, through optional, lazy, record and array wrappers; undefined where unknown. */
export function schemaAt(schema: z.ZodType, path: readonly PathPart[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = unwrap(schema);
  for (const part of path) {
    if (!s) return undefined;
    if (s instanceof z.ZodObject) s = unwrap((s.shape as Record<string, z.ZodType>)[String(part)]);
    else if (s instanceof z.ZodRecord) s = unwrap(s.valueType as z.ZodType);
    else if (s instanceof z.ZodArray) s = unwrap(s.element as z.ZodType);
    else return undefined;
  }
  return s;
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur = s;
  for (let i = 0; cur && i < 10; i++) {
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault || cur instanceof z.ZodNullable) cur = cur.unwrap() as z.ZodType;
    else if (cur instanceof z.ZodLazy) cur = cur.unwrap() as z.ZodType;
    else break;
  }
  return cur;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return quoted(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${String(v)}`;
}

function valueAt(root: unknown, path: readonly PathPart[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping of fields',
  array: 'a list',
};

/** Splits a schema message "what; fix" into its parts. */
function split(message: string, fallbackFix: string): { what: string; fix: string } {
  const i = message.indexOf('; ');
  return i < 0 ? { what: message, fix: fallbackFix } : { what: message.slice(0, i), fix: message.slice(i + 2) };
}

export function issuesToProblems(yaml: YamlFile, schema: z.ZodType, value: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is PathPart => typeof p !== 'symbol');
    const v = valueAt(value, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const target = schemaAt(schema, path);
        const allowed = target instanceof z.ZodObject ? Object.keys(target.shape).join(', ') : '';
        for (const key of issue.keys) {
          problems.push(
            yaml.problem([...path, key], `unknown field ${quoted(key)}`, allowed ? `allowed fields here are ${allowed}` : 'remove it', true),
          );
        }
        break;
      }
      case 'invalid_type': {
        const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
        if (v === undefined) {
          const desc = schemaAt(schema, path)?.description;
          problems.push(yaml.problem(path, 'is missing', `add it: ${expected}${desc ? ` (${desc})` : ''}`));
        } else {
          problems.push(yaml.problem(path, `is ${describeValue(v)}, not ${expected}`, `write ${expected} here`));
        }
        break;
      }
      case 'invalid_value': {
        const allowed = issue.values.map((x) => JSON.stringify(x)).join(', ');
        problems.push(yaml.problem(path, `${describeValue(v)} is not allowed`, `use one of ${allowed}`));
        break;
      }
      case 'invalid_key': {
        const inner = issue.issues[0];
        const { what, fix } = split(inner?.message ?? 'is not a valid key', 'rename it');
        const key = path[path.length - 1];
        problems.push(yaml.problem(path, `key ${quoted(String(key))} ${what}`, fix, true));
        break;
      }
      case 'too_small':
      case 'too_big':
      case 'invalid_format':
      case 'custom': {
        const custom = !/^(Too small|Too big|Invalid)/.test(issue.message);
        const bound = issue.code === 'too_small' || issue.code === 'too_big' ? (issue as { minimum?: unknown; maximum?: unknown }) : {};
        const { what, fix } = custom
          ? split(issue.message, 'correct the value')
          : issue.code === 'too_small'
            ? { what: `is below the minimum of ${String(bound.minimum)}`, fix: `use at least ${String(bound.minimum)}` }
            : issue.code === 'too_big'
              ? { what: `is above the maximum of ${String(bound.maximum)}`, fix: `use at most ${String(bound.maximum)}` }
              : { what: 'is not valid', fix: 'correct the value' };
        const shown = typeof v === 'string' ? `${quoted(v)} ` : typeof v === 'number' ? `${JSON.stringify(v)} ` : '';
        problems.push(yaml.problem(path, `${shown}${what}`, fix));
        break;
      }
      default:
        problems.push(yaml.problem(path, `${describeValue(v)} is not valid: ${issue.message}`, 'correct the value'));
    }
  }
  return problems;
}
