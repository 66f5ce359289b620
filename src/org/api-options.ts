/** The options every command that reads the live organization takes, and the client they build. */
import { LzError } from '../errors';
import { OrgApi } from './client';

/** What the client needs of a command line: its option values (the CLI's parsed arguments fit). */
export interface OrgArgs {
  readonly values: Readonly<Record<string, unknown>>;
}

/** Where debug lines go (the CLI's output fits). */
export interface OrgLog {
  err(text: string): void;
}

export { ORG_OPTIONS, ORG_OPTIONS_HELP } from './options';

/** Builds the client from the command line; `--timeout` must be a positive number of seconds. */
export function orgApiFromArgs(args: OrgArgs, io: OrgLog): OrgApi {
  const endpoint = args.values['endpoint-url'];
  const timeout = args.values.timeout;
  let timeoutMs: number | undefined;
  if (typeof timeout === 'string') {
    const seconds = Number(timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw LzError.of('command line', `--timeout ${timeout} is not a positive number of seconds`, 'write e.g. --timeout 120');
    }
    timeoutMs = seconds * 1000;
  }
  return new OrgApi({
    endpointUrl: typeof endpoint === 'string' ? endpoint : undefined,
    timeoutMs,
    log: process.env.LZ_DEBUG ? (line) => io.err(line) : undefined,
  });
}

/** Runs `body` with a client and closes its sockets after, so the command exits at once. */
export async function withOrgApi<T>(args: OrgArgs, io: OrgLog, body: (api: OrgApi) => Promise<T>): Promise<T> {
  const api = orgApiFromArgs(args, io);
  try {
    return await body(api);
  } finally {
    api.destroy();
  }
}
