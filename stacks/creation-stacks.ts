/**
 * cdktf records a full JavaScript stack trace whenever it creates a token or a complex attribute
 * (every resource makes several), only to name the creation site in its own internal errors.
 * Measured on a 300-account organization, that was a third of `lz synth`. It is switched off here,
 * for every stack, unless LZ_DEBUG=1 asks for the detail.
 */
import * as stackTrace from 'cdktf/lib/tokens/private/stack-trace';

if (!process.env.LZ_DEBUG) {
  (stackTrace as { captureStackTrace: (below?: unknown) => string[] }).captureStackTrace = () => [];
}
