/**
 * AWS API failures as one line each: what failed, in words a user can act on, and how to fix it.
 * They are failures (exit 1), not bad input: the config may be right and the account wrong.
 */
import { EXIT, LzError } from '../errors';

interface Explained {
  readonly message: string;
  readonly fix: string;
}

const MANAGEMENT_CREDENTIALS =
  'run with credentials of the management account (AWS_PROFILE, or the pipeline role) that may call organizations:Describe*, organizations:List* and sts:GetCallerIdentity';

const KNOWN: Readonly<Record<string, (m: string) => Explained>> = {
  AWSOrganizationsNotInUseException: () => ({
    message: 'AWSOrganizationsNotInUseException: this account is not in an organization',
    fix: 'deploy the organization stack first (lz deploy organization), or use credentials of an account in the organization',
  }),
  AccessDeniedException: (m) => ({ message: `access denied (${m})`, fix: MANAGEMENT_CREDENTIALS }),
  AccessDenied: (m) => ({ message: `access denied (${m})`, fix: MANAGEMENT_CREDENTIALS }),
  AccessDeniedForDependencyException: (m) => ({ message: `access denied to a service Organizations depends on (${m})`, fix: MANAGEMENT_CREDENTIALS }),
  ExpiredTokenException: () => ({ message: 'the AWS session has expired', fix: 'refresh the credentials (aws sso login, or a new session) and run again' }),
  ExpiredToken: () => ({ message: 'the AWS session has expired', fix: 'refresh the credentials (aws sso login, or a new session) and run again' }),
  UnrecognizedClientException: () => ({ message: 'the AWS access key is not valid', fix: 'check AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY' }),
  InvalidClientTokenId: () => ({ message: 'the AWS access key is not valid', fix: 'check AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY' }),
  CredentialsProviderError: () => ({
    message: 'no AWS credentials found',
    fix: 'set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run `aws sso login`, with credentials of the management account',
  }),
  ConcurrentModificationException: () => ({
    message: 'the organization kept changing under the request (ConcurrentModificationException) after every retry',
    fix: 'wait until other changes to the organization (another apply, the console) finish, then run again',
  }),
  ThrottlingException: () => ({ message: 'AWS kept throttling the request after every retry', fix: 'run again later, or with fewer tools calling Organizations at once' }),
  TooManyRequestsException: () => ({ message: 'AWS kept throttling the request after every retry', fix: 'run again later, or with fewer tools calling Organizations at once' }),
};

/** The problem an AWS error stands for; `operation` names the call, e.g. `organizations:ListAccounts`. */
export function awsFailure(operation: string, error: unknown, endpoint?: string): LzError {
  if (error instanceof LzError) return error;
  const e = error as { name?: string; code?: string; message?: string };
  const name = e?.name ?? 'Error';
  const message = String(e?.message ?? error).split('\n')[0];
  const code = e?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  let explained: Explained;
  if (KNOWN[name]) explained = KNOWN[name](message);
  else if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') {
    explained = {
      message: `cannot reach the AWS endpoint${endpoint ? ` ${endpoint}` : ''} (${code})`,
      fix: endpoint ? 'check --endpoint-url / AWS_ENDPOINT_URL, or that the emulator is running' : 'check the network connection and proxy settings',
    };
  } else if (/Region is missing/i.test(message)) {
    explained = { message: 'no AWS region is configured', fix: 'set AWS_REGION, e.g. AWS_REGION=us-east-1' };
  } else {
    explained = { message: `${name}: ${message}`, fix: 'see the AWS message; run again with LZ_DEBUG=1 for details if it is unclear' };
  }
  return LzError.of(operation, explained.message, explained.fix, EXIT.failure);
}
