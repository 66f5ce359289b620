/**
 * A YAML file parsed with positions, so that every message can name `file:line:col`.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Problem } from '../errors';
import { lineCol, MAX_NESTING, readInputFile } from './input-file';
import { valueProblems } from './input-value';

/** How many aliases a file may expand: enough for shared values, far too few for an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

export type PathPart = string | number;

/** The YAML parser that reads only values: ten times faster, used where both parsers agree (see plainValue). */
const jsYaml = require('js-yaml') as { load(text: string, options: { schema: unknown; json?: boolean }): unknown; CORE_SCHEMA: unknown };

/**
 * Text that the fast parser might read differently from `yaml` (YAML 1.2 core schema) or that needs
 * `yaml`'s guards: anchors, aliases, tags, merge keys, complex keys, block scalars, directives and
 * document markers, tabs, `__proto__`, and plain scalars that YAML 1.1 reads as numbers but 1.2
 * does not (leading zeros, base prefixes, underscores, sexagesimal, a signed zero). False alarms only cost speed.
 */
const NEEDS_FULL_PARSER = /(^|[\s[{,])[&*!|>%@`]|<<|^\s*\?(\s|$)|^(---|\.\.\.)|__proto__|(^|[\s[{,:])([-+]?0[0-9_box]|[-+]0(?![.\d]))|\d_\d|\d:[0-5]?\d|\t/m;

/** The value of a plain config text by the fast parser, or undefined when `yaml` must read it. */
function plainValue(text: string): { value: unknown } | undefined {
  if (NEEDS_FULL_PARSER.test(text)) return undefined;
  try {
    const value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: false });
    return { value: value === undefined ? null : value };
  } catch {
    // A syntax error or a duplicate key: `yaml` reports it with its place.
    return undefined;
  }
}

export class YamlFile {
  private parsed?: { readonly doc: Document.Parsed; readonly lines: LineCounter };

  private constructor(
    /** The path as given to the user: relative to the working directory where possible. */
    readonly file: string,
    /** The file's text as read. */
    readonly text: string,
    private readonly js: unknown,
    parsed?: { readonly doc: Document.Parsed; readonly lines: LineCounter },
  ) {
    this.parsed = parsed;
  }

  /** The document with positions; parsed when first needed (most files never need it). */
  get doc(): Document.Parsed {
    return this.full().doc;
  }

  private get lines(): LineCounter {
    return this.full().lines;
  }

  private full(): { readonly doc: Document.Parsed; readonly lines: LineCounter } {
    if (!this.parsed) {
      const lines = new LineCounter();
      this.parsed = { doc: parseDocument(this.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false }), lines };
    }
    return this.parsed;
  }

  /**
   * Reads and parses a file; every way it can be wrong comes back as problems, never thrown. With
   * `root`, a file that resolves outside that folder is refused unread.
   */
  static read(file: string, displayName: string, root?: string): { yaml?: YamlFile; problems: Problem[] } {
    const read = readInputFile(file, root, displayName, { message: 'does not exist', fix: 'create it, or point --config at the right folder' });
    if (read.problem) return { problems: [read.problem] };
    return YamlFile.parse(read.text, displayName);
  }

  static parse(text: string, displayName: string): { yaml?: YamlFile; problems: Problem[] } {
    const lines = new LineCounter();
    const deep = nestingBeyond(text, MAX_NESTING);
    if (deep !== undefined) {
      const pos = lineCol(text, deep);
      return { problems: [{ file: displayName, line: pos.line, col: pos.col, message: `nests deeper than the ${MAX_NESTING} levels an input may have`, fix: 'flatten the structure' }] };
    }
    const plain = plainValue(text);
    if (plain && !valueProblems(plain.value).length) return { yaml: new YamlFile(displayName, text, plain.value), problems: [] };
    // Keys are checked for uniqueness below, with a set per mapping: the parser's own check is
    // quadratic in the number of keys (10,000 keys took seconds).
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    const syntax = doc.errors.map((err) => ({ offset: err.pos[0], what: err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') }));
    if (!syntax.length) syntax.push(...duplicateKeys(doc).map((offset) => ({ offset, what: 'Map keys must be unique' })));
    const problems: Problem[] = syntax.map(({ offset, what }) => {
      const pos = lines.linePos(offset);
      return { file: displayName, line: pos.line, col: pos.col, message: `is not valid YAML: ${what}`, fix: 'correct the YAML syntax at this place' };
    });
    if (problems.length) return { problems };
    let js: unknown;
    try {
      js = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const bomb = /alias count/i.test(String((e as Error)?.message));
      return {
        problems: [
          bomb
            ? { file: displayName, message: `expands aliases more than the ${MAX_ALIAS_COUNT} times an input may`, fix: 'write the values out instead of nesting aliases of aliases' }
            : { file: displayName, message: 'cannot be turned into values (an alias refers to something it cannot)', fix: 'write the values out instead of using aliases' },
        ],
      };
    }
    const yaml = new YamlFile(displayName, text, js, { doc, lines });
    const values = valueProblems(js).map((p) => yaml.problem(p.path, p.message, p.fix, p.keyOnly));
    return values.length ? { problems: values } : { yaml, problems };
  }

  /** The plain JavaScript value of the document. */
  value(): unknown {
    return this.js;
  }

  /**
   * The line and column of a path. For a key that is missing, the place of the nearest object
   * that exists; for a key `keyOnly`, the place of the key rather than its value.
   */
  position(path: readonly PathPart[], keyOnly = false): { line: number; col: number } {
    let node: unknown = this.doc.contents;
    let at: { line: number; col: number } = { line: 1, col: 1 };
    const place = (n: unknown) => {
      const range = (n as Node | null)?.range;
      if (range) at = this.lines.linePos(range[0]);
    };
    place(node);
    for (let i = 0; i < path.length; i++) {
      const part = path[i];
      if (isMap(node)) {
        const pair = this.pairOf(node, part);
        if (!pair) return at;
        if (keyOnly && i === path.length - 1) {
          place(pair.key);
          return at;
        }
        node = pair.value;
        place(pair.value ?? pair.key);
      } else if (isSeq(node) && typeof part === 'number') {
        node = node.items[part];
        if (node === undefined) return at;
        place(node);
      } else {
        return at;
      }
    }
    return at;
  }

  private readonly pairs = new WeakMap<object, Map<unknown, Pair>>();

  /** The pair of a key in a mapping, from an index built once per mapping (10,000 keys stay fast). */
  private pairOf(map: YAMLMap, key: PathPart): Pair | undefined {
    let index = this.pairs.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) {
        const k = isScalar(p.key) ? p.key.value : p.key;
        if (!index.has(k)) index.set(k, p);
      }
      this.pairs.set(map, index);
    }
    return index.get(key);
  }

  /** A problem at a path of this file. */
  problem(path: readonly PathPart[], message: string, fix: string, keyOnly = false): Problem {
    const { line, col } = this.position(path, keyOnly);
    return { file: this.file, line, col, path: path.length ? formatPath(path) : undefined, message, fix };
  }
}

export function formatPath(path: readonly PathPart[]): string {
  return path.map((p) => String(p)).join('.');
}

/** The offsets of keys that repeat an earlier key of the same mapping. */
function duplicateKeys(doc: Document.Parsed): number[] {
  const out: number[] = [];
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) out.push((pair.key as Node | null)?.range?.[0] ?? 0);
        else seen.add(key);
        walk(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) walk(item);
  };
  walk(doc.contents);
  return out;
}

/**
 * The offset where a YAML text first nests deeper than `max` levels, counting both flow brackets
 * and block indentation, or undefined. Cheap and conservative: it runs before the parser, whose
 * recursion a deeply nested file would otherwise exhaust.
 */
function nestingBeyond(text: string, max: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let quote: string | undefined;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        indent++;
        continue;
      }
      lineStart = false;
      if (c === '#') {
        const end = text.indexOf('\n', i);
        i = end < 0 ? text.length : end - 1;
        continue;
      }
      if (flow === 0) {
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
      }
    }
    const prev = text[i - 1];
    if ((c === '"' || c === "'") && (prev === undefined || ' \t[{,:\n'.includes(prev))) quote = c;
    else if (c === '#' && (text[i - 1] === ' ' || text[i - 1] === '\t')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
    } else if (c === '[' || c === '{') flow++;
    else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
    else if (c === '-' && text[i + 1] === ' ' && flow === 0) indents.push(indent + 0.5);
    if (indents.length + flow > max) return i;
  }
  return undefined;
}
