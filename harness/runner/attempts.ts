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

/** `120 s`, `1,5 s` or `800 ms`: the delay as a person reads it (French decimal comma). */
const delayText = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${String(Number((ms / 1000).toFixed(1))).replace('.', ',')} s`);

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
      // Our own deadline ran out (not Ctrl-C): say which delay, whatever words the provider used.
      if (deadline.signal.aborted && !opts.abortSignal.aborted && (lastError.code === 'cancelled' || lastError.code === 'timeout')) {
        lastError = new HarnessError('timeout', `${opts.modelId} : pas de réponse en ${delayText(timeoutMs)} (timeoutMs)`, {
          hint: 'augmentez timeoutMs dans le bloc du modèle si le serveur est seulement lent',
        });
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
