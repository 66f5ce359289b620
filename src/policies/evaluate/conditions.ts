/**
 * Condition blocks: every operator must hold, every key under it must hold, and a key holds when
 * any of its policy values matches (for negated operators: when none does). Missing keys follow
 * AWS: positive operators fail, negated operators pass, `...IfExists` passes, `Null` tests presence.
 */
import type { Json } from '../document';
import { arnMatches } from './arn';
import { globMatches, patternText, type Pattern } from './glob';
import { ipInRange } from './ip';
import { contextValue, type ContextValue } from './request';
import { substituteVariables } from './variables';

type Context = Readonly<Record<string, ContextValue>>;

interface BaseOperator {
  /** Compares one context value with one policy value (a pattern after its variables are filled). */
  readonly test: (contextValue: string, policyValue: Pattern) => boolean;
  /** A negated operator holds when no policy value matches. */
  readonly negated: boolean;
}

function number(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

function date(text: string): number {
  return /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
}

const numeric = (f: (a: number, b: number) => boolean) => (c: string, p: Pattern) => {
  const a = number(c);
  const b = number(patternText(p));
  return !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
};
const dated = (f: (a: number, b: number) => boolean) => (c: string, p: Pattern) => {
  const a = date(c);
  const b = date(patternText(p));
  return !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
};

const positive = (test: BaseOperator['test']): BaseOperator => ({ test, negated: false });
const negative = (test: BaseOperator['test']): BaseOperator => ({ test, negated: true });

const stringEquals = (c: string, p: Pattern) => c === patternText(p);
const stringEqualsIgnoreCase = (c: string, p: Pattern) => c.toLowerCase() === patternText(p).toLowerCase();
const stringLike = (c: string, p: Pattern) => globMatches(p, c);
const arnLike = (c: string, p: Pattern) => arnMatches(p, c);
const bool = (c: string, p: Pattern) => c.toLowerCase() === patternText(p).toLowerCase();
const inRange = (c: string, p: Pattern) => ipInRange(c, patternText(p));

/** The operators the evaluator knows, by their lower-cased base name. */
export const OPERATORS: Readonly<Record<string, BaseOperator>> = {
  stringequals: positive(stringEquals),
  stringnotequals: negative(stringEquals),
  stringequalsignorecase: positive(stringEqualsIgnoreCase),
  stringnotequalsignorecase: negative(stringEqualsIgnoreCase),
  stringlike: positive(stringLike),
  stringnotlike: negative(stringLike),
  arnequals: positive(arnLike),
  arnlike: positive(arnLike),
  arnnotequals: negative(arnLike),
  arnnotlike: negative(arnLike),
  bool: positive(bool),
  numericequals: positive(numeric((a, b) => a === b)),
  numericnotequals: negative(numeric((a, b) => a === b)),
  numericlessthan: positive(numeric((a, b) => a < b)),
  numericlessthanequals: positive(numeric((a, b) => a <= b)),
  numericgreaterthan: positive(numeric((a, b) => a > b)),
  numericgreaterthanequals: positive(numeric((a, b) => a >= b)),
  dateequals: positive(dated((a, b) => a === b)),
  datenotequals: negative(dated((a, b) => a === b)),
  datelessthan: positive(dated((a, b) => a < b)),
  datelessthanequals: positive(dated((a, b) => a <= b)),
  dategreaterthan: positive(dated((a, b) => a > b)),
  dategreaterthanequals: positive(dated((a, b) => a >= b)),
  ipaddress: positive(inRange),
  notipaddress: negative(inRange),
};

export interface ParsedOperator {
  readonly set?: 'ForAllValues' | 'ForAnyValue';
  readonly base: string;
  readonly ifExists: boolean;
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined when the base is unknown. */
export function parseOperator(name: string): ParsedOperator | undefined {
  const m = /^(?:(ForAllValues|ForAnyValue):)?(.+?)(IfExists)?$/i.exec(name);
  if (!m) return undefined;
  const base = m[2].toLowerCase();
  if (base !== 'null' && !OPERATORS[base]) return undefined;
  if (base === 'null' && m[3]) return undefined;
  const set = m[1] ? (m[1].toLowerCase() === 'forallvalues' ? 'ForAllValues' : 'ForAnyValue') : undefined;
  return { ...(set ? { set } : {}), base, ifExists: Boolean(m[3]) };
}

function asList(v: Json): string[] {
  const items = Array.isArray(v) ? v : [v];
  return items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i)));
}

function keyHolds(op: ParsedOperator, key: string, policyValues: string[], context: Context): boolean {
  const value = contextValue(context, key);
  if (op.base === 'null') {
    const wantsAbsent = policyValues.some((v) => v.toLowerCase() === 'true');
    const wantsPresent = policyValues.some((v) => v.toLowerCase() === 'false');
    const absent = value === undefined || (Array.isArray(value) && value.length === 0);
    return (wantsAbsent && absent) || (wantsPresent && !absent);
  }
  const base = OPERATORS[op.base];
  const values = policyValues.map((v) => substituteVariables(v, context)).filter((v): v is Pattern => v !== undefined);
  const matchesOne = (c: string) => values.some((p) => base.test(c, p));
  if (op.set === 'ForAllValues') {
    if (value === undefined) return true;
    const list = typeof value === 'string' ? [value] : value;
    return list.every((c) => (base.negated ? !matchesOne(c) : matchesOne(c)));
  }
  if (op.set === 'ForAnyValue') {
    if (value === undefined) return op.ifExists;
    const list = typeof value === 'string' ? [value] : value;
    return list.some((c) => (base.negated ? !matchesOne(c) : matchesOne(c)));
  }
  if (value === undefined) return op.ifExists || base.negated;
  const list = typeof value === 'string' ? [value] : value;
  if (list.length === 0) return op.ifExists || base.negated;
  return base.negated ? !list.some(matchesOne) : list.some(matchesOne);
}

/** Whether a statement's Condition block holds for the context; an absent block always holds. */
export function conditionsHold(condition: Json | undefined, context: Context): boolean {
  if (condition === undefined || condition === null || typeof condition !== 'object' || Array.isArray(condition)) return true;
  for (const [operatorName, block] of Object.entries(condition)) {
    const op = parseOperator(operatorName);
    if (!op) throw new UnknownOperatorError(operatorName);
    if (block === null || typeof block !== 'object' || Array.isArray(block)) return false;
    for (const [key, v] of Object.entries(block)) {
      if (!keyHolds(op, key, asList(v), context)) return false;
    }
  }
  return true;
}

/** A condition operator the evaluator cannot decide; lint reports these before evaluation runs. */
export class UnknownOperatorError extends Error {
  constructor(readonly operator: string) {
    super(`unknown condition operator ${operator}`);
  }
}
