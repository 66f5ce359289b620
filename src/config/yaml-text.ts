/** Writing YAML back the way people wrote it. */

/**
 * The yaml library writes every flow collection one way (`{a: 1}`), while people write `{ a: 1 }`
 * and `[a, b]` in one file: a line that differs from one the file had only by that spacing is put
 * back as it was written, so only the lines a command adds or changes look new.
 */
export function keepWrittenLines(before: string, after: string): string {
  const spacing = (line: string) => line.replace(/([{[]) +/g, '$1').replace(/ +([}\]])/g, '$1');
  const written = new Map(before.split('\n').map((line) => [spacing(line), line]));
  return after
    .split('\n')
    .map((line) => written.get(spacing(line)) ?? line)
    .join('\n');
}
