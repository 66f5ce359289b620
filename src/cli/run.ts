/**
 * The error boundary of every entry point: user errors print as `file:line:col path: what; fix`
 * lines with their exit code, never a stack trace; anything else is a bug and says so.
 */
import { EXIT, formatProblem, LzError } from '../errors';

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
      for (const p of e.problems) io.err(formatProblem(p));
      if (e.problems.length > 1) io.err(`${e.problems.length} problems found; nothing was written.`);
      return e.exitCode;
    }
    const err = e as Error;
    io.err(`lz: internal error: ${err?.message ?? String(e)}`);
    io.err(process.env.LZ_DEBUG ? String(err?.stack) : 'This is a bug in landing-zone; rerun with LZ_DEBUG=1 to see the stack trace and report it.');
    return EXIT.failure;
  }
}

/** Runs an entry point and exits the process with its code. */
export function runCli(body: () => Promise<number>): void {
  void guard(body).then((code) => {
    process.exitCode = code;
  });
}
