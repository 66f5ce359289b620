/**
 * Fills `${placeholders}` in policy templates from config. A string that is exactly one placeholder
 * whose value is a list becomes that list (`"aws:RequestedRegion": "${allowedRegions}"`). IAM policy
 * variables such as `${aws:username}` contain a colon and are left for IAM to fill.
 */
import type { Problem } from '../errors';
import { readInputFile } from '../config/input-file';
import { valueProblems } from '../config/input-value';
import { JsonSyntaxError, parseJsonText, type JsonText } from '../config/json-text';
import type { PathPart } from '../config/yaml-file';
import type { Json } from './document';
import { policyShapeProblems, templateKind } from './template-shape';

export type PlaceholderValues = Readonly<Record<string, string | readonly string[]>>;

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9_.]*)\}/g;

export interface RenderResult {
  readonly document?: Json;
  readonly problems: Problem[];
}

/** Parses a template and checks its shape: the problems, or the parsed text. */
export function parseTemplate(text: string, displayName: string): { json?: JsonText; problems: Problem[] } {
  let json: JsonText;
  try {
    json = parseJsonText(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return { problems: [{ file: displayName, line: e.line, col: e.col, message: `is not valid JSON: ${e.message}`, fix: 'correct the JSON syntax at this place' }] };
  }
  const at = (path: readonly PathPart[]) => json.place(json.offsetOf(path) ?? json.offsetOf(path.slice(0, -1)) ?? 0);
  const problems: Problem[] = [
    ...valueProblems(json.value).map((p) => ({ file: displayName, ...at(p.path), message: p.message, fix: p.fix })),
    ...policyShapeProblems(json.value, templateKind(displayName)).map((p) => ({ file: displayName, ...at(p.path), path: p.path.length ? p.path.join('.') : undefined, message: p.message, fix: p.fix })),
  ];
  return problems.length ? { problems } : { json, problems };
}

export function renderPolicyText(text: string, displayName: string, values: PlaceholderValues): RenderResult {
  const parsed = parseTemplate(text, displayName);
  if (!parsed.json) return { problems: parsed.problems };
  return renderParsed(parsed.json, displayName, values);
}

/** Fills the placeholders of a parsed template. */
export function renderParsed(json: JsonText, displayName: string, values: PlaceholderValues): RenderResult {
  const problems: Problem[] = [];
  const known = Object.keys(values).sort().join(', ');
  const seen = new Set<string>();
  const has = (name: string) => Object.hasOwn(values, name);
  const fill = (s: string, path: readonly PathPart[]): Json => {
    const where = (index: number) => {
      const start = json.offsetOf(path);
      // The opening quote, then the characters before the placeholder (exact unless escapes precede it).
      return json.place(start === undefined ? 0 : start + 1 + index);
    };
    const whole = /^\$\{([A-Za-z][A-Za-z0-9_.]*)\}$/.exec(s);
    if (whole && has(whole[1]) && Array.isArray(values[whole[1]])) return [...(values[whole[1]] as string[])];
    return s.replace(PLACEHOLDER, (match, name: string, index: number) => {
      const value = has(name) ? values[name] : undefined;
      if (value === undefined) {
        if (!seen.has(match)) {
          seen.add(match);
          problems.push({ file: displayName, ...where(index), message: `unknown placeholder ${match}`, fix: `use one of ${known}` });
        }
        return match;
      }
      if (typeof value !== 'string') {
        if (!seen.has(match)) {
          seen.add(match);
          problems.push({
            file: displayName,
            ...where(index),
            message: `placeholder ${match} is a list and cannot be part of a longer string`,
            fix: `write it as the whole value: "${match}"`,
          });
        }
        return match;
      }
      return value;
    });
  };
  const walk = (v: Json, path: PathPart[]): Json => {
    if (typeof v === 'string') return fill(v, path);
    if (Array.isArray(v)) return v.flatMap((item, i) => {
      const out = walk(item, [...path, i]);
      // A list placeholder inside a list spreads into it rather than nesting.
      return typeof item === 'string' && Array.isArray(out) ? out : [out];
    });
    if (v !== null && typeof v === 'object') {
      const out: { [k: string]: Json } = {};
      for (const [k, item] of Object.entries(v)) out[k] = walk(item, [...path, k]);
      return out;
    }
    return v;
  };
  const document = walk(json.value as Json, []);
  return problems.length ? { problems } : { document, problems };
}

/**
 * Reads and renders a template file. With `root`, a file that resolves outside that folder (a
 * symbolic link out of the project), a special file or one over the size limit is refused unread.
 */
export function renderPolicyFile(file: string, displayName: string, values: PlaceholderValues, root?: string): RenderResult {
  const read = readInputFile(file, root, displayName, { message: 'does not exist', fix: `create ${displayName} with the policy document` });
  if (read.problem) return { problems: [read.problem] };
  return renderPolicyText(read.text, displayName, values);
}
