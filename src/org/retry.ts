/**
 * Retries for the organization API. The SDK retries throttling on its own, but not
 * ConcurrentModificationException, which Organizations returns whenever two changes meet; and
 * retries inside the SDK are invisible to tests that stub `send`. So every call goes through one
 * loop here, with the SDK's own retries turned off, and one policy: capped exponential backoff
 * with full jitter.
 */

/** Error names that mean "the same request may succeed later". */
export const RETRYABLE_ERRORS: ReadonlySet<string> = new Set([
  'ConcurrentModificationException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ServiceException',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

export interface RetryPolicy {
  /** Attempts in all, the first included. @default 8 */
  readonly maxAttempts: number;
  /** Backoff before the first retry, in ms; doubled each time up to maxDelayMs. @default 200 */
  readonly baseDelayMs: number;
  /** @default 10000 */
  readonly maxDelayMs: number;
  /** A number in [0, 1); full jitter draws the delay uniformly below the backoff. @default Math.random */
  readonly random: () => number;
  /** How to wait; tests pass a fake. @default setTimeout */
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (!e || typeof e !== 'object') return false;
  if (e.name && RETRYABLE_ERRORS.has(e.name)) return true;
  if (e.$retryable) return true;
  if (e.code && RETRYABLE_NETWORK.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && RETRYABLE_STATUS.has(status);
}

/** The wait before retry number `retry` (1-based): uniform in [0, min(max, base * 2^(retry-1))). */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * ceiling);
}

/** Runs `attempt` until it succeeds, fails with an error that is not retryable, or runs out of attempts. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (error: unknown, retry: number, delayMs: number) => void,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (n >= policy.maxAttempts || !isRetryable(e)) throw e;
      const delay = backoffDelay(policy, n);
      onRetry?.(e, n, delay);
      await policy.sleep(delay);
    }
  }
}
