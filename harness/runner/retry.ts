/**
 * Which provider errors are worth another attempt, and how long to wait: exponential backoff with
 * full jitter, honouring the server's Retry-After when it gives one.
 */
import type { ErrorCode } from '../core/errors.js';

/** Transient failures: another attempt may succeed. */
export const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['rate-limited', 'provider-error', 'timeout', 'bad-response']);

/**
 * Failures that say the model itself is unwell (down, overloaded, answering garbage): enough of them
 * in a row open the circuit breaker. A case-specific failure (prompt too long) does not.
 */
export const MODEL_HEALTH: ReadonlySet<ErrorCode> = new Set(['unreachable', 'timeout', 'rate-limited', 'provider-error', 'bad-response']);

/** Failures that will not go away by themselves: stop the model at once. */
export const FATAL_FOR_MODEL: ReadonlySet<ErrorCode> = new Set(['auth', 'model-not-found', 'missing-secret']);

export type BackoffOptions = { baseMs: number; maxMs: number; random: () => number };

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, random: Math.random };

/** Delay before attempt `attempt + 1` (attempt counts from 0). */
export const backoffDelayMs = (attempt: number, retryAfterS: number | undefined, opts: BackoffOptions = DEFAULT_BACKOFF): number => {
  if (retryAfterS !== undefined) return Math.min(retryAfterS * 1000, 5 * opts.maxMs);
  const cap = Math.min(opts.maxMs, opts.baseMs * 2 ** attempt);
  return cap / 2 + (opts.random() * cap) / 2;
};

/** Sleeps, but wakes early (without throwing) when the signal aborts. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((done) => {
    if (ms <= 0 || signal?.aborted) return done();
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      done();
    }
    signal?.addEventListener('abort', finish, { once: true });
  });
