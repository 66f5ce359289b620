/** The options every command that reads the live organization takes, and the client they build. */
import { LzError } from '../errors';
import type { Options, ParsedArgs } from '../cli/command';
import type { Io } from '../cli/run';
import { DEFAULT_TIMEOUT_MS, OrgApi } from './client';

export const ORG_OPTIONS: Options = {
  'endpoint-url': { type: 'string' },
  timeout: { type: 'string' },
};

export const ORG_OPTIONS_HELP = `  --endpoint-url URL  send AWS requests to URL, e.g. an emulator (default: AWS_ENDPOINT_URL, else AWS)
  --timeout SECONDS   give up when the organization has not answered in this time, retries included
                      (default: ${DEFAULT_TIMEOUT_MS / 1000})
Credentials come from the standard AWS chain (AWS_PROFILE, environment, SSO, instance role); they
must be those of the management account.`;

/** Builds the client from the command line; `--timeout` must be a positive number of seconds. */
export function orgApiFromArgs(args: ParsedArgs, io: Io): OrgApi {
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
export async function withOrgApi<T>(args: ParsedArgs, io: Io, body: (api: OrgApi) => Promise<T>): Promise<T> {
  const api = orgApiFromArgs(args, io);
  try {
    return await body(api);
  } finally {
    api.destroy();
  }
}
