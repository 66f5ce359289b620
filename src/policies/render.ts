/**
 * Fills `${placeholders}` in policy templates from config. A string that is exactly one placeholder
 * whose value is a list becomes that list (`"aws:RequestedRegion": "${allowedRegions}"`). IAM policy
 * variables such as `${aws:username}` contain a colon and are left for IAM to fill.
 */
import { readFileSync } from 'node:fs';
import type { Problem } from '../errors';
import type { Json } from './document';

export type PlaceholderValues = Readonly<Record<string, string | readonly string[]>>;

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9_.]*)\}/g;

export interface RenderResult {
  readonly document?: Json;
  readonly problems: Problem[];
}

function positionOf(text: string, needle: string): { line: number; col: number } {
  const i = text.indexOf(needle);
  if (i < 0) return { line: 1, col: 1 };
  const before = text.slice(0, i).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

export function renderPolicyText(text: string, displayName: string, values: PlaceholderValues): RenderResult {
  let template: Json;
  try {
    template = JSON.parse(text) as Json;
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    const pos = m ? positionOf(text, text.slice(Number(m[1]), Number(m[1]) + 1)) : { line: 1, col: 1 };
    return {
      problems: [{ file: displayName, ...pos, message: `is not valid JSON (${(e as Error).message})`, fix: 'correct the JSON syntax' }],
    };
  }
  const problems: Problem[] = [];
  const known = Object.keys(values).sort().join(', ');
  const seen = new Set<string>();
  const fill = (s: string): Json => {
    const where = () => {
      const exact = positionOf(text, JSON.stringify(s));
      return exact.line === 1 && exact.col === 1 ? null : { line: exact.line, col: exact.col + 1 };
    };
    const whole = /^\$\{([A-Za-z][A-Za-z0-9_.]*)\}$/.exec(s);
    if (whole && Array.isArray(values[whole[1]])) return [...(values[whole[1]] as string[])];
    return s.replace(PLACEHOLDER, (match, name: string) => {
      const value = values[name];
      if (value === undefined) {
        if (!seen.has(match)) {
          seen.add(match);
          problems.push({ file: displayName, ...(where() ?? positionOf(text, match)), message: `unknown placeholder ${match}`, fix: `use one of ${known}` });
        }
        return match;
      }
      if (typeof value !== 'string') {
        if (!seen.has(match)) {
          seen.add(match);
          problems.push({
            file: displayName,
            ...(where() ?? positionOf(text, match)),
            message: `placeholder ${match} is a list and cannot be part of a longer string`,
            fix: `write it as the whole value: "${match}"`,
          });
        }
        return match;
      }
      return value;
    });
  };
  const walk = (v: Json): Json => {
    if (typeof v === 'string') return fill(v);
    if (Array.isArray(v)) return v.flatMap((item) => {
      const out = walk(item);
      // A list placeholder inside a list spreads into it rather than nesting.
      return typeof item === 'string' && Array.isArray(out) ? out : [out];
    });
    if (v !== null && typeof v === 'object') {
      const out: { [k: string]: Json } = {};
      for (const [k, item] of Object.entries(v)) out[k] = walk(item);
      return out;
    }
    return v;
  };
  const document = walk(template);
  return problems.length ? { problems } : { document, problems };
}

export function renderPolicyFile(file: string, displayName: string, values: PlaceholderValues): RenderResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { problems: [{ file: displayName, message: 'does not exist or cannot be read', fix: `create ${displayName} with the policy document` }] };
  }
  return renderPolicyText(text, displayName, values);
}
