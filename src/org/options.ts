/**
 * The command-line options of every command that reads the live organization. Kept apart from the
 * client so that listing commands and their help does not load the AWS SDK.
 */
import type { ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The overall time budget of one command against the organization, retries included. */
export const DEFAULT_TIMEOUT_MS = 300_000;

export const ORG_OPTIONS: Options = {
  'endpoint-url': { type: 'string' },
  timeout: { type: 'string' },
};

export const ORG_OPTIONS_HELP = `  --endpoint-url URL  send AWS requests to URL, e.g. an emulator (default: AWS_ENDPOINT_URL, else AWS)
  --timeout SECONDS   give up when the organization has not answered in this time, retries included
                      (default: ${DEFAULT_TIMEOUT_MS / 1000})
Credentials come from the standard AWS chain (AWS_PROFILE, environment, SSO, instance role); they
must be those of the management account.`;
