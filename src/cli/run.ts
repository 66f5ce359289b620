/**
 * The error boundary of every entry point: user errors print as `file:line:col path: what; fix`
 * lines with their exit code, never a stack trace; anything else is a bug and says so.
 */
import { EXIT, formatProblem, LzError, MAX_PRINTED_PROBLEMS } from '../errors';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export async function guard(body: () => Promise<number>, io: Io = processIo): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof LzError) {
      for (const p of e.problems.slice(0, MAX_PRINTED_PROBLEMS)) io.err(formatProblem(p));
      const rest = e.problems.length - MAX_PRINTED_PROBLEMS;
      if (rest > 0) io.err(`… and ${rest} more problem${rest === 1 ? '' : 's'} not shown (the first ${MAX_PRINTED_PROBLEMS} are above).`);
      if (e.problems.length > 1) io.err(`${e.problems.length} problems found; nothing was written.`);
      return e.exitCode;
    }
    io.err(internalErrorLine(e));
    if (process.env.LZ_DEBUG) io.err(String((e as Error)?.stack ?? e));
    return EXIT.failure;
  }
}

/** One line for an error that is not the user's: what it says (cut short), and that it is a bug. */
export function internalErrorLine(e: unknown): string {
  let text: string;
  try {
    text = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  } catch {
    text = 'an error that cannot be printed';
  }
  const first = text.split('\n')[0].trim();
  const short = first.length > 200 ? `${first.slice(0, 200)}…` : first;
  return `lz: internal error: ${short} (a bug in landing-zone, not in your input: rerun with LZ_DEBUG=1 for the stack trace and report it)`;
}

/** Runs an entry point and exits the process with its code. */
export function runCli(body: () => Promise<number>): void {
  void guard(body).then((code) => {
    process.exitCode = code;
  });
}
