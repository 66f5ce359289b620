/**
 * The one error type for anything a user can get wrong: bad config, bad policy file, an AWS call
 * that fails for a reason the user can fix. It carries every problem found, each naming where it
 * is, what is wrong and how to fix it. The CLI prints these without a stack trace.
 */
export interface Problem {
  /** The file the problem is in, relative to the working directory where possible. */
  readonly file: string;
  /** 1-based line, when the problem has a place in the file. */
  readonly line?: number;
  /** 1-based column, when the problem has a place in the file. */
  readonly col?: number;
  /** The dotted field path inside the file, e.g. `environments.prod.vpc.cidr`. */
  readonly path?: string;
  /** What is wrong, naming the value. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Exit codes of every `lz` command. */
export const EXIT = {
  ok: 0,
  failure: 1,
  badInput: 2,
  broadening: 3,
  drift: 4,
} as const;

/** How many problems a command prints; the rest are counted. */
export const MAX_PRINTED_PROBLEMS = 50;

/** The longest problem line printed: a value is named, never dumped. */
export const MAX_PROBLEM_LINE = 1000;

export function formatProblem(p: Problem): string {
  let where = cut(p.file, 300);
  if (p.line !== undefined) where += `:${p.line}:${p.col ?? 1}`;
  const path = p.path ? ` ${cut(p.path, 200)}` : '';
  return cut(`${where}${path}: ${p.message}; ${p.fix}`, MAX_PROBLEM_LINE);
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export class LzError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'LzError';
  }

  /** One problem that has no place in a file (a flag, an API answer). */
  static of(file: string, message: string, fix: string, exitCode: number = EXIT.badInput): LzError {
    return new LzError([{ file, message, fix }], exitCode);
  }
}
