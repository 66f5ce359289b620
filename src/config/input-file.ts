/**
 * Reading an input file (config YAML, policy JSON) the way a tool fed by pull requests must: the
 * file has to be a regular file inside the project, no larger than MAX_INPUT_BYTES, valid UTF-8 and
 * free of control characters. Everything is checked before a byte of content is used, and nothing
 * of the content is ever echoed beyond a short excerpt.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { relative, isAbsolute } from 'node:path';
import type { Problem } from '../errors';

/** The largest input file read, in bytes: 1 MiB, some hundred times the largest real config file. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** How deep objects and lists may nest in an input file. */
export const MAX_NESTING = 64;

/** How much of a user's value a message may quote. */
export const EXCERPT_CHARACTERS = 80;

/** A value as a message may show it: at most EXCERPT_CHARACTERS, control characters escaped. */
export function excerpt(value: string, max = EXCERPT_CHARACTERS): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A JSON string of a value, cut to an excerpt. */
export function quoted(value: string, max = EXCERPT_CHARACTERS): string {
  return value.length > max ? `${JSON.stringify(value.slice(0, max)).slice(0, -1)}…"` : JSON.stringify(value);
}

/** Control characters that have no place in a config or policy file: C0 except tab, LF, CR; DEL; C1. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** The index of the first control character in a string, or -1. */
export function controlCharacterAt(text: string): number {
  const m = CONTROL.exec(text);
  return m ? m.index : -1;
}

export function codePoint(text: string, i: number): string {
  return `U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** 1-based line and column of an offset in a text. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/** Whether a resolved path is `root` or below it. */
export function within(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

const realRoots = new Map<string, string>();

/** The resolved project folder, once per process: 10,000 product files share it. */
function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = realpathSync(root);
    realRoots.set(root, real);
  }
  return real;
}

export type InputRead = { readonly text: string; readonly problem?: undefined } | { readonly text?: undefined; readonly problem: Problem };

/**
 * Reads `file` as UTF-8 text if it is a regular file inside `root` when given (after symbolic links
 * are resolved) of at most MAX_INPUT_BYTES, valid UTF-8 without control characters.
 * `missing` is the problem for a file that does not exist.
 */
export function readInputFile(file: string, root: string | undefined, shown: string, missing: { message: string; fix: string }): InputRead {
  const refuse = (message: string, fix: string, at?: { line: number; col: number }): InputRead => ({ problem: { file: shown, ...at, message, fix } });
  let link: Stats;
  try {
    link = lstatSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return refuse(missing.message, missing.fix);
    return refuse(`cannot be read (${code ?? 'error'})`, 'check that the file exists and is readable');
  }
  let real: string;
  try {
    real = realpathSync(file);
  } catch (e) {
    return refuse(`is a symbolic link that leads nowhere (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'replace it with the file itself');
  }
  if (root !== undefined && !within(realRoot(root), real)) {
    return refuse(
      link.isSymbolicLink() ? 'is a symbolic link to a file outside the project folder' : 'resolves to a file outside the project folder',
      'inputs must live in the project: replace the link with the file itself',
    );
  }
  const target = link.isSymbolicLink() ? statSync(real) : link;
  if (!target.isFile()) return refuse(`is ${kindOf(target)}, not a file`, 'replace it with a regular file');
  if (target.size > MAX_INPUT_BYTES) {
    return refuse(`is ${target.size} bytes, over the ${MAX_INPUT_BYTES} bytes (1 MiB) an input file may have`, 'split it or shorten it');
  }
  let fd: number;
  try {
    // O_NOFOLLOW and O_NONBLOCK: if the file was swapped for a link or a pipe since the checks above,
    // opening fails or returns at once instead of following it or waiting forever.
    fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    return refuse(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check that the file exists and is readable');
  }
  let bytes: Uint8Array;
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return refuse(`is ${kindOf(opened)}, not a file`, 'replace it with a regular file');
    const buffer = new Uint8Array(Math.min(opened.size, MAX_INPUT_BYTES) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_INPUT_BYTES) {
      return refuse(`is over the ${MAX_INPUT_BYTES} bytes (1 MiB) an input file may have`, 'split it or shorten it');
    }
    bytes = buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
  return decodeInput(bytes, shown);
}

/** UTF-8 text without a byte-order mark and without control characters, or the place where it is not. */
export function decodeInput(bytes: Uint8Array, shown: string): InputRead {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    return {
      problem: {
        file: shown,
        ...lineCol(before, before.length),
        message: `is not valid UTF-8 (byte 0x${bytes[bad].toString(16).padStart(2, '0')} at this place)`,
        fix: 'save the file as UTF-8',
      },
    };
  }
  const i = controlCharacterAt(text);
  if (i >= 0) {
    return {
      problem: { file: shown, ...lineCol(text, i), message: `contains the control character ${codePoint(text, i)}`, fix: 'remove it; only tabs and line breaks are allowed' },
    };
  }
  return { text };
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      decoder.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return Math.min(i, bytes.length - 1);
}
