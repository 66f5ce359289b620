/**
 * A YAML file parsed with positions, so that every message can name `file:line:col`.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Problem } from '../errors';

export type PathPart = string | number;

export class YamlFile {
  private constructor(
    /** The path as given to the user: relative to the working directory where possible. */
    readonly file: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Parses a file; syntax errors come back as problems, never thrown. */
  static read(file: string, displayName: string): { yaml?: YamlFile; problems: Problem[] } {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return {
        problems: [{ file: displayName, message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`, fix: 'check that the file exists and is readable' }],
      };
    }
    return YamlFile.parse(text, displayName);
  }

  static parse(text: string, displayName: string): { yaml?: YamlFile; problems: Problem[] } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const yaml = new YamlFile(displayName, doc, lines);
    const problems = doc.errors.map((err) => {
      const pos = lines.linePos(err.pos[0]);
      const what = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return { file: displayName, line: pos.line, col: pos.col, message: `is not valid YAML: ${what}`, fix: 'correct the YAML syntax at this place' };
    });
    return problems.length ? { problems } : { yaml, problems };
  }

  /** The plain JavaScript value of the document. */
  value(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
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
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === part);
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

  /** A problem at a path of this file. */
  problem(path: readonly PathPart[], message: string, fix: string, keyOnly = false): Problem {
    const { line, col } = this.position(path, keyOnly);
    return { file: this.file, line, col, path: path.length ? formatPath(path) : undefined, message, fix };
  }
}

export function formatPath(path: readonly PathPart[]): string {
  return path.map((p) => String(p)).join('.');
}
