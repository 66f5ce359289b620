/**
 * IAM wildcards: `*` matches any run of characters (none included) and `?` exactly one. Compiled
 * patterns are cached because an evaluation over the organization asks the same ones many times.
 *
 * A pattern is a plain string, or a `FilledPattern` after policy variables were filled in: the
 * escapes `${*}`, `${?}`, `${$}` and the values of variables are literal text, never wildcards
 * (IAM User Guide, "IAM policy elements: Variables and tags", special characters), so a filled
 * pattern carries the positions of its literal characters.
 */
export interface FilledPattern {
  readonly text: string;
  /** Positions in `text` of `*` and `?` that are literal characters, not wildcards. */
  readonly literal: readonly number[];
}

export type Pattern = string | FilledPattern;

const CACHE = new Map<string, RegExp>();

function escapeChar(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function compile(text: string, literal: readonly number[], ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}${literal.join(',')}|${text}`;
  let re = CACHE.get(key);
  if (!re) {
    const fixed = new Set(literal);
    let body = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      body += fixed.has(i) ? escapeChar(c) : c === '*' ? '.*' : c === '?' ? '.' : escapeChar(c);
    }
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    if (CACHE.size > 100_000) CACHE.clear();
    CACHE.set(key, re);
  }
  return re;
}

export function patternText(pattern: Pattern): string {
  return typeof pattern === 'string' ? pattern : pattern.text;
}

/** Whether the pattern has a wildcard (an unescaped `*` or `?`). */
function hasWildcard(pattern: Pattern): boolean {
  if (typeof pattern === 'string') return pattern.includes('*') || pattern.includes('?');
  const fixed = new Set(pattern.literal);
  for (let i = 0; i < pattern.text.length; i++) {
    const c = pattern.text[i];
    if ((c === '*' || c === '?') && !fixed.has(i)) return true;
  }
  return false;
}

export function globMatches(pattern: Pattern, value: string, ignoreCase = false): boolean {
  const text = patternText(pattern);
  if (text === '*' && typeof pattern === 'string') return true;
  if (!hasWildcard(pattern)) {
    return ignoreCase ? text.toLowerCase() === value.toLowerCase() : text === value;
  }
  return compile(text, typeof pattern === 'string' ? [] : pattern.literal, ignoreCase).test(value);
}

/** The part of a pattern from `start` to `end`, its literal positions kept. */
export function slicePattern(pattern: Pattern, start: number, end: number): Pattern {
  if (typeof pattern === 'string') return pattern.slice(start, end);
  const literal = pattern.literal.filter((i) => i >= start && i < end).map((i) => i - start);
  const text = pattern.text.slice(start, end);
  return literal.length ? { text, literal } : text;
}

/**
 * Whether two wildcard patterns can match a common string, e.g. `arn:aws:s3:::logs-*` and
 * `arn:aws:s3:::*-archive`. Used to compare a policy's resource pattern with an ARN format.
 */
export function globsIntersect(a: string, b: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const k = i * (b.length + 1) + j;
    const known = memo.get(k);
    if (known !== undefined) return known;
    let r: boolean;
    if (i === a.length && j === b.length) r = true;
    else if (i < a.length && a[i] === '*') r = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (j < b.length && b[j] === '*') r = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else if (i === a.length || j === b.length) r = false;
    else r = (a[i] === '?' || b[j] === '?' || a[i] === b[j]) && go(i + 1, j + 1);
    memo.set(k, r);
    return r;
  };
  return go(0, 0);
}
