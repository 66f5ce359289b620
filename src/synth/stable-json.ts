/**
 * The bytes cdktf writes for a stack's Terraform JSON and its manifest: `json-stable-stringify`
 * 1.x with `{ space: 2 }` (keys in code-unit order at every level, `toJSON` honoured, `undefined`
 * dropped from objects and written as `null` in arrays, an empty object or array broken over two
 * lines, a cycle refused), written without that library's per-call closures and repeated indent
 * building: a fifth of the time cdktf's synthesizer spent per stack. test/synth/stable-json.test.ts
 * holds it to the library's output on every case the library distinguishes.
 */

const INDENTS: string[] = [];

/** A newline and `level` steps of two spaces. */
function indent(level: number): string {
  return (INDENTS[level] ??= `\n${'  '.repeat(level)}`);
}

/** `value` as json-stable-stringify(value, { space: 2 }) writes it; `undefined` for what JSON cannot hold (as JSON.stringify). */
export function stableJson(value: unknown): string | undefined {
  const path: object[] = [];
  const write = (node: unknown, level: number): string | undefined => {
    if (node && typeof (node as { toJSON?: unknown }).toJSON === 'function') node = (node as { toJSON: () => unknown }).toJSON();
    if (node === undefined) return undefined;
    if (typeof node !== 'object' || node === null) return JSON.stringify(node);
    const inner = indent(level + 1);
    let out = '';
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) out += `${i ? ',' : ''}${inner}${write(node[i], level + 1) ?? 'null'}`;
      return `[${out}${indent(level)}]`;
    }
    if (path.includes(node)) throw new TypeError('Converting circular structure to JSON');
    path.push(node);
    const keys = Object.keys(node).sort();
    for (const key of keys) {
      const item = write((node as Record<string, unknown>)[key], level + 1);
      if (item === undefined) continue;
      out += `${out ? ',' : ''}${inner}${JSON.stringify(key)}: ${item}`;
    }
    path.pop();
    return `{${out}${indent(level)}}`;
  };
  return write(value, 0);
}
