/**
 * Interrupts during synthesis: on SIGINT, SIGTERM or SIGHUP the staging folder and any worker
 * processes go before the process exits, so no half-written folder is ever left behind.
 */
const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/**
 * Runs `body` with `cleanup` bound to the interrupt signals: a signal runs `cleanup` and exits with
 * 128 + the signal number, as a shell reports it. The handlers are removed when `body` settles.
 */
export async function interruptible<T>(cleanup: () => void, body: () => Promise<T>): Promise<T> {
  const handlers = Object.entries(SIGNALS).map(([signal, number]) => {
    const handler = () => {
      try {
        cleanup();
      } finally {
        process.exit(128 + number);
      }
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  try {
    return await body();
  } finally {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  }
}
