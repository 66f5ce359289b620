/**
 * Reading a `lz synth` output that other code wrote: in the review workflow, the pull request's own
 * synth writes it and the base branch's code reads it. Its index is untrusted input: every document
 * it names must be a regular JSON file inside `<out>/policies`, of bounded size, or the output is
 * refused naming the entry — never read outside the folder, never echoed.
 */
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { LzError } from '../errors';
import type { Json } from './document';
import type { PolicyKind } from './registry';

/** AWS's largest policy document is far smaller; this only bounds what a forged output can make us read. */
const MAX_DOCUMENT_BYTES = 1 << 20;

export interface SynthIndexEntry {
  readonly stack: string;
  readonly name: string;
  readonly kind: PolicyKind;
  readonly file: string;
  readonly attachedTo: string[];
  readonly arns?: string[];
  readonly account?: string;
  readonly template?: string;
}

const refuse = (where: string, what: string): never => {
  throw LzError.of(where, what, 'point the review at the output folder `lz synth` wrote, unchanged');
};

/** The index of a synth output and each entry's document. */
export function readSynthOutput(out: string): { entry: SynthIndexEntry; document: Json }[] {
  const policies = resolve(out, 'policies');
  const indexFile = join(policies, 'index.json');
  let index: unknown;
  try {
    index = JSON.parse(readFileSync(indexFile, 'utf8'));
  } catch {
    return refuse(indexFile, 'is not a JSON policy index');
  }
  if (!Array.isArray(index)) return refuse(indexFile, 'is not a list of policy documents');
  const root = realpathSync(policies);
  return index.map((e: SynthIndexEntry, i) => {
    const where = `${indexFile} entry ${i + 1}`;
    if (!e || typeof e !== 'object' || typeof e.file !== 'string' || typeof e.stack !== 'string' || typeof e.name !== 'string') {
      return refuse(where, 'lacks stack, name or file');
    }
    const path = resolve(policies, e.file);
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      return refuse(where, `names ${JSON.stringify(e.file.slice(0, 80))}, which does not exist`);
    }
    const inside = relative(root, real);
    if (inside.startsWith('..') || inside.startsWith(sep) || !lstatSync(path).isFile() || lstatSync(real).size > MAX_DOCUMENT_BYTES) {
      return refuse(where, `names ${JSON.stringify(e.file.slice(0, 80))}, which is not a document file inside ${policies}`);
    }
    try {
      return { entry: e, document: JSON.parse(readFileSync(real, 'utf8')) as Json };
    } catch {
      return refuse(where, `names ${JSON.stringify(e.file.slice(0, 80))}, which is not a JSON document`);
    }
  });
}
