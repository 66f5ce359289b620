/**
 * The organization client layer: the SDK clients configured the one way every command needs them
 * (credentials from the standard chain, `--endpoint-url` / AWS_ENDPOINT_URL for an emulator, no SDK
 * retries because ./retry owns them), and `call` / `paginate`, which add retries, an overall
 * deadline and one-line errors to any request.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { IAMClient } from '@aws-sdk/client-iam';
import { EXIT, LzError } from '../errors';
import { awsFailure } from './aws-errors';
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from './retry';
import { DEFAULT_TIMEOUT_MS } from './options';

export { DEFAULT_TIMEOUT_MS };

// The SDK prints a seven-line notice on every run under Node 20 about versions it will publish
// in 2027. The project pins both Node 20 and the SDK version, so the notice says nothing about
// this install; it would drown the one-line messages the commands print. A user can turn it back on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Organizations answers in us-east-1 whatever the region; it is also where its quotas live. */
export const ORGANIZATIONS_REGION = 'us-east-1';

export interface OrgApiOptions {
  /** An endpoint for every service, e.g. an emulator. @default - AWS_ENDPOINT_URL, else AWS's own */
  readonly endpointUrl?: string;
  /** @default - AWS_REGION, AWS_DEFAULT_REGION, else us-east-1 (Organizations is global) */
  readonly region?: string;
  /** The whole command's time budget, all calls and retries included. @default 300000 */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Clients to use instead of building them (tests). */
  readonly clients?: { organizations?: OrganizationsClient; sts?: STSClient; quotas?: ServiceQuotasClient; iam?: IAMClient };
  /** Where to say that a call is being retried. @default - nowhere */
  readonly log?: (line: string) => void;
}

export interface PageResult<T> {
  readonly items: readonly T[] | undefined;
  readonly next: string | undefined;
}

export class OrgApi {
  readonly organizations: OrganizationsClient;
  readonly sts: STSClient;
  readonly quotas: ServiceQuotasClient;
  /** IAM of the caller's own (management) account; IAM is global and answers in us-east-1. */
  readonly iam: IAMClient;
  readonly endpointUrl?: string;
  /** Requests sent, retries included; for tests and the verbose summary. */
  requests = 0;
  retries = 0;
  private readonly policy: RetryPolicy;
  private readonly deadline: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: OrgApiOptions = {}) {
    this.endpointUrl = options.endpointUrl ?? (process.env.AWS_ENDPOINT_URL || undefined);
    const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? ORGANIZATIONS_REGION;
    const common = { region, maxAttempts: 1, ...(this.endpointUrl ? { endpoint: this.endpointUrl } : {}) };
    this.organizations = options.clients?.organizations ?? new OrganizationsClient(common);
    this.sts = options.clients?.sts ?? new STSClient(common);
    this.quotas = options.clients?.quotas ?? new ServiceQuotasClient({ ...common, region: ORGANIZATIONS_REGION });
    this.iam = options.clients?.iam ?? new IAMClient({ ...common, region: ORGANIZATIONS_REGION });
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.deadline = Date.now() + this.timeoutMs;
  }

  /**
   * Sends one request with retries, within the overall deadline. `operation` names it in errors,
   * e.g. `organizations:ListAccounts`.
   */
  async call<T>(operation: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await withRetries(
        () => {
          this.requests++;
          return this.beforeDeadline(operation, send);
        },
        this.policy,
        (error, retry, delay) => {
          this.retries++;
          this.options.log?.(`${operation}: ${(error as Error).name ?? 'error'}, retry ${retry} in ${delay} ms`);
        },
      );
    } catch (e) {
      throw awsFailure(operation, e, this.endpointUrl);
    }
  }

  /** Every item of a paginated list, page after page, each page with its own retries. */
  async paginate<T>(operation: string, page: (token: string | undefined, abortSignal: AbortSignal) => Promise<PageResult<T>>): Promise<T[]> {
    const all: T[] = [];
    let token: string | undefined;
    do {
      const result = await this.call(operation, (signal) => page(token, signal));
      all.push(...(result.items ?? []));
      token = result.next || undefined;
    } while (token);
    return all;
  }

  private async beforeDeadline<T>(operation: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const left = this.deadline - Date.now();
    const timedOut = () =>
      LzError.of(
        operation,
        `timed out: the organization did not answer within ${Math.round(this.timeoutMs / 1000)} s in all`,
        'run again, raise --timeout, or check the network (and --endpoint-url)',
        EXIT.failure,
      );
    if (left <= 0) throw timedOut();
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(timedOut());
      }, left);
    });
    try {
      return await Promise.race([send(abort.signal), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the clients' sockets, so that a command ends without waiting for keep-alive. */
  destroy(): void {
    this.organizations.destroy();
    this.sts.destroy();
    this.quotas.destroy();
    this.iam.destroy();
  }
}
