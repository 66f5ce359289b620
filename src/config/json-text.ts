/**
 * A JSON parser that keeps where every value starts, so that a message about a policy template can
 * name `file:line:col` of the exact value, and a syntax error the exact character. It also refuses
 * what JSON.parse lets through silently: a key given twice (the last would win unseen) and nesting
 * deeper than an input may have.
 */
import { lineCol, MAX_NESTING } from './input-file';
import type { PathPart } from './yaml-file';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonText {
  readonly value: JsonValue;
  /** The offset where the value at a path starts (its opening quote for a string). */
  offsetOf(path: readonly PathPart[]): number | undefined;
  /** 1-based line and column of an offset. */
  place(offset: number): { line: number; col: number };
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}

const key = (path: readonly PathPart[]) => path.join('\u0000');

/** Parses JSON text; throws JsonSyntaxError with the place of the first fault. */
export function parseJsonText(text: string, maxDepth = MAX_NESTING): JsonText {
  const offsets = new Map<string, number>();
  let i = 0;
  const fail = (message: string, at = i): never => {
    const { line, col } = lineCol(text, Math.min(at, text.length));
    throw new JsonSyntaxError(message, line, col);
  };
  const describe = (at: number) => (at >= text.length ? 'the end of the file' : `${JSON.stringify(text[at])}`);
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('a string is not closed', start);
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\n') fail('a string is not closed before the end of the line', start);
      if (c < ' ') fail(`${JSON.stringify(c)} must be escaped inside a string`);
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && Object.hasOwn(simple, e)) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail(`\\${e ?? ''} is not a JSON escape`);
      } else {
        out += c;
        i++;
      }
    }
  };
  const value = (path: PathPart[], depth: number): JsonValue => {
    space();
    offsets.set(key(path), i);
    const c = text[i];
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) fail(`nests deeper than the ${maxDepth} levels an input may have`);
      i++;
      space();
      const close = c === '{' ? '}' : ']';
      if (text[i] === close) {
        i++;
        return c === '{' ? {} : [];
      }
      if (c === '[') {
        const list: JsonValue[] = [];
        for (;;) {
          list.push(value([...path, list.length], depth + 1));
          space();
          if (text[i] === ',') {
            const comma = i;
            i++;
            space();
            if (text[i] === ']') fail('a comma before "]" (JSON allows no trailing comma)', comma);
            continue;
          }
          if (text[i] === ']') {
            i++;
            return list;
          }
          fail(`expected "," or "]" after a list item, found ${describe(i)}`);
        }
      }
      const object: { [k: string]: JsonValue } = {};
      for (;;) {
        space();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
        const at = i;
        const name = string();
        if (Object.hasOwn(object, name)) fail(`property ${JSON.stringify(name.slice(0, 80))} is given twice in this object`, at);
        space();
        if (text[i] !== ':') fail(`expected ":" after a property name, found ${describe(i)}`);
        i++;
        const v = value([...path, name], depth + 1);
        Object.defineProperty(object, name, { value: v, enumerable: true, writable: true, configurable: true });
        space();
        if (text[i] === ',') {
          const comma = i;
          i++;
          space();
          if (text[i] === '}') fail('a comma before "}" (JSON allows no trailing comma)', comma);
          continue;
        }
        if (text[i] === '}') {
          i++;
          return object;
        }
        fail(`expected "," or "}" after a property value, found ${describe(i)}`);
      }
    }
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (literal) {
      i += literal[0].length;
      return JSON.parse(literal[0]) as JsonValue;
    }
    return fail(`expected a value, found ${describe(i)}`);
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const root = value([], 0);
  space();
  if (i < text.length) fail(`expected the end of the file after the document, found ${describe(i)}`);
  return {
    value: root,
    offsetOf: (path) => offsets.get(key(path)),
    place: (offset) => lineCol(text, offset),
  };
}
