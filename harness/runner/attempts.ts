/**
 * Calls a model until it answers or gives up: each attempt under its own deadline, transient
 * failures retried with backoff (honouring Retry-After), the rest returned at once. Used for the
 * candidate models and for judges alike.
 */
import { HarnessError, errorMessage } from '../core/errors.js';
import { withDeadline } from './deadline.js';
import { RETRYABLE, backoffDelayMs, sleep, type BackoffOptions } from './retry.js';

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RETRIES = 3;

export type AttemptOptions = {
  modelId: string;
  timeoutMs?: number;
  maxRetries?: number;
  abortSignal: AbortSignal;
  backoff?: BackoffOptions;
  /** Called before each attempt (egress accounting). */
  onAttempt?: () => void;
};

export const withRetries = async <T>(opts: AttemptOptions, call: (signal: AbortSignal) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: HarnessError }> => {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
  let lastError: HarnessError | undefined;
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    if (opts.abortSignal.aborted) return { ok: false, error: new HarnessError('cancelled', 'campagne interrompue') };
    opts.onAttempt?.();
    const deadline = withDeadline(opts.abortSignal, timeoutMs);
    try {
      return { ok: true, value: await call(deadline.signal) };
    } catch (e) {
      lastError = e instanceof HarnessError ? e : new HarnessError('provider-error', errorMessage(e), { cause: e });
      if (deadline.signal.aborted && !opts.abortSignal.aborted && lastError.code === 'cancelled') {
        lastError = new HarnessError('timeout', `${opts.modelId} : pas de réponse en ${timeoutMs} ms`);
      }
      if (!RETRYABLE.has(lastError.code) || attempt === maxRetries) break;
      await sleep(backoffDelayMs(attempt, lastError.retryAfterS, opts.backoff), opts.abortSignal);
    } finally {
      deadline.clear();
    }
  }
  // Built only on failure: an Error captures a stack trace, which costs ~30 µs per attempt.
  return { ok: false, error: lastError ?? new HarnessError('provider-error', 'échec sans message') };
};
