import { isAbsolute, relative } from 'node:path';

/** A path as users should read it: relative to the working directory when it is below it. */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
