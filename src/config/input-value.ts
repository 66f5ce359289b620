/**
 * Checks of a parsed input value that no schema can express: how deep it nests, whether an alias
 * refers to itself, keys that would reach the prototype of a plain object, and control characters
 * in text (a YAML "\0" escape or a JSON "\u0000" produces them after the file itself passed).
 */
import { codePoint, controlCharacterAt, excerpt, MAX_NESTING } from './input-file';
import type { PathPart } from './yaml-file';

export interface ValueProblem {
  readonly path: readonly PathPart[];
  readonly message: string;
  readonly fix: string;
  /** The problem is in the key at the end of the path rather than its value. */
  readonly keyOnly?: boolean;
}

/** Keys that plain objects inherit or that set their prototype: never a name in config. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** At most this many problems per file from this walk: one bad pattern repeated is one lesson. */
const MAX_VALUE_PROBLEMS = 20;

export function valueProblems(root: unknown, maxDepth = MAX_NESTING): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const ancestors = new Set<unknown>();
  const walk = (v: unknown, path: PathPart[]): void => {
    if (problems.length >= MAX_VALUE_PROBLEMS) return;
    if (typeof v === 'string') {
      const i = controlCharacterAt(v);
      if (i >= 0) problems.push({ path, message: `${JSON.stringify(excerpt(v, 40))} contains the control character ${codePoint(v, i)}`, fix: 'remove it; text fields hold printable characters only' });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (ancestors.has(v)) {
      problems.push({ path, message: 'is an alias of a value that contains it', fix: 'an alias must not refer to the node it is in; write the value out' });
      return;
    }
    if (path.length >= maxDepth) {
      problems.push({ path, message: `nests deeper than the ${maxDepth} levels an input may have`, fix: 'flatten the structure' });
      return;
    }
    ancestors.add(v);
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, i]));
    else {
      for (const key of Object.keys(v)) {
        const i = controlCharacterAt(key);
        if (FORBIDDEN_KEYS.has(key)) {
          problems.push({ path: [...path, key], message: `key "${key}" is not allowed`, fix: 'use another name: it is reserved in JavaScript objects', keyOnly: true });
        } else if (i >= 0) {
          problems.push({ path: [...path, key], message: `key ${JSON.stringify(excerpt(key, 40))} contains the control character ${codePoint(key, i)}`, fix: 'remove it', keyOnly: true });
        } else walk((v as Record<string, unknown>)[key], [...path, key]);
      }
    }
    ancestors.delete(v);
  };
  walk(root, []);
  return problems;
}

/**
 * A deep copy whose objects have no prototype, so that looking a user's name up in them
 * (`segments[name]`) finds only what the file declares: `constructor` or `toString` never "exist".
 */
export function withoutPrototypes<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutPrototypes(v)) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) out[k] = withoutPrototypes(v);
  return out as T;
}
