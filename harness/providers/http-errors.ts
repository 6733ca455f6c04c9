/**
 * Turns HTTP failures into typed HarnessErrors, the same way for every HTTP provider, so that the
 * runner can decide what to retry and what to fail fast (auth, model not found).
 */
import { HarnessError } from '../core/errors.js';

export type HttpErrorContext = {
  /** Model id from the config, for messages. */
  modelId: string;
  /** The vendor's model name, for "model not found" messages. */
  model?: string;
  /** Name of the environment variable holding the key, named in auth errors (never its value). */
  apiKeyEnv?: string;
  /** What to suggest when the model is missing (e.g. `ollama pull qwen2.5:3b`). */
  notFoundHint?: string;
};

/** Parses `Retry-After` (seconds or an HTTP date) into seconds; undefined when absent or unreadable. */
export const parseRetryAfter = (value: string | null | undefined, nowMs = Date.now()): number | undefined => {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - nowMs) / 1000);
};

/** Keeps error bodies short and free of anything that looks like a bearer token or key. */
export const sanitizeBody = (body: string, max = 300): string =>
  body
    .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***')
    .replace(/\b(sk|key|api[_-]?key)[-_:= ]+[A-Za-z0-9._~+/=-]{8,}/gi, '$1-***')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);

/**
 * How servers say that a prompt does not fit the model's context. Sources: llama.cpp server
 * (tools/server: "the request exceeds the available context size", "input is larger than the max
 * context size" with context shift on, error type
 * `exceed_context_size_error`), vLLM ("This model's maximum context length is N tokens"), OpenAI
 * (error code `context_length_exceeded`), Ollama ("the input length exceeds the context length", older
 * runners "input exceeds context length"),
 * Mistral ("… too large for model with N maximum context length").
 */
const CONTEXT_LENGTH_MESSAGES: readonly RegExp[] = [
  /exceeds? the available context size/i,
  /is larger than the max context size/i,
  /exceed_context_size/i,
  /maximum context length/i,
  /context_length_exceeded/i,
  /input (length )?exceeds the (maximum )?context length/i,
  /input exceeds context length/i,
  /too large for model with \d+ maximum context length/i,
];

/** Whether a server's explanation says the prompt is longer than the model's context. */
export const isContextLengthMessage = (text: string): boolean => CONTEXT_LENGTH_MESSAGES.some((re) => re.test(text));

/**
 * Statuses by which a server refuses this request for what it contains (malformed, too large,
 * unprocessable): sending it again cannot help, and the model is not unwell (RFC 9110 §15.5.1,
 * §15.5.14, §15.5.21).
 */
const REQUEST_FAULT_STATUSES: ReadonlySet<number> = new Set([400, 413, 422]);

const CONTEXT_HINT =
  'ce cas ne tient pas dans le contexte du serveur : raccourcissez-le, ou agrandissez le contexte (-c de llama-server, --max-model-len de vLLM, numCtx pour Ollama)';

/**
 * The request's own fault, as a per-case input error: no retry, no count towards the circuit
 * breaker, the server's explanation kept. `vendorCode` is the machine-readable code some APIs give
 * next to the message (OpenAI's `context_length_exceeded`).
 */
export const requestFault = (ctx: HttpErrorContext, detail: string, status?: number, vendorCode?: string): HarnessError => {
  const tooLong = isContextLengthMessage(`${detail} ${vendorCode ?? ''}`);
  const what = tooLong ? 'invite trop longue pour le contexte du modèle' : 'requête refusée par le serveur';
  const http = status === undefined ? '' : ` (HTTP ${status})`;
  return new HarnessError('invalid-input', `${ctx.modelId} : ${what}${http}${detail ? ` — ${detail}` : ''}`, {
    hint: tooLong ? CONTEXT_HINT : 'le serveur juge cette requête invalide : voyez son message',
  });
};

/** Maps a non-2xx HTTP status to the error code the runner acts on. */
export const errorFromStatus = (
  status: number,
  body: string,
  retryAfter: string | null | undefined,
  ctx: HttpErrorContext,
  vendorCode?: string,
): HarnessError => {
  const detail = sanitizeBody(body);
  const suffix = detail ? ` — ${detail}` : '';
  // Checked first: some servers answer a prompt too long with 500 (older Ollama) or 404 (none seen).
  if (REQUEST_FAULT_STATUSES.has(status) || isContextLengthMessage(`${body} ${vendorCode ?? ''}`)) {
    return requestFault(ctx, detail, status, vendorCode);
  }
  if (status === 401 || status === 403) {
    const hint = ctx.apiKeyEnv
      ? `vérifiez la variable d'environnement ${ctx.apiKeyEnv}`
      : 'vérifiez la clé ou les en-têtes d’authentification du modèle';
    return new HarnessError('auth', `${ctx.modelId} : accès refusé (HTTP ${status})${suffix}`, { hint });
  }
  if (status === 404) {
    const name = ctx.model ? ` « ${ctx.model} »` : '';
    return new HarnessError('model-not-found', `${ctx.modelId} : modèle${name} introuvable (HTTP 404)${suffix}`, {
      hint: ctx.notFoundHint ?? 'vérifiez le nom du modèle et baseUrl dans la configuration',
    });
  }
  if (status === 429) {
    const retryAfterS = parseRetryAfter(retryAfter);
    return new HarnessError('rate-limited', `${ctx.modelId} : trop de requêtes (HTTP 429)${suffix}`, {
      ...(retryAfterS === undefined ? {} : { retryAfterS }),
    });
  }
  if (status === 408 || status === 504) {
    return new HarnessError('timeout', `${ctx.modelId} : délai dépassé côté serveur (HTTP ${status})${suffix}`);
  }
  if (status >= 500) {
    const retryAfterS = parseRetryAfter(retryAfter);
    return new HarnessError('provider-error', `${ctx.modelId} : erreur du serveur (HTTP ${status})${suffix}`, {
      ...(retryAfterS === undefined ? {} : { retryAfterS }),
    });
  }
  return new HarnessError('bad-response', `${ctx.modelId} : requête refusée (HTTP ${status})${suffix}`);
};

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** Finds a system error code (ECONNREFUSED…) anywhere in a cause chain. */
export const findErrorCode = (e: unknown): string | undefined => {
  for (let cur: unknown = e, depth = 0; cur && depth < 6; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
};

/**
 * Maps a failure before any HTTP status (refused connection, reset, abort) to a HarnessError.
 * `signal` tells an abort we asked for (timeout or Ctrl-C) from one the network caused.
 */
export const errorFromTransport = (e: unknown, ctx: HttpErrorContext, signal?: AbortSignal): HarnessError => {
  if (e instanceof HarnessError) return e;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof HarnessError) return reason;
    const isTimeout = reason instanceof Error && reason.name === 'TimeoutError';
    // The runner's deadline says which delay ran out (runner/deadline.ts); other timers do not.
    const said = isTimeout && reason.message.startsWith('pas de réponse') ? reason.message : 'pas de réponse dans le délai imparti';
    return isTimeout
      ? new HarnessError('timeout', `${ctx.modelId} : ${said}`)
      : new HarnessError('cancelled', `${ctx.modelId} : requête annulée`);
  }
  const code = findErrorCode(e);
  if (code && CONNECTION_CODES.has(code)) {
    return new HarnessError('unreachable', `${ctx.modelId} : serveur injoignable (${code})`, {
      hint: 'vérifiez baseUrl et que le serveur est démarré',
      cause: e,
    });
  }
  if (code && RESET_CODES.has(code)) {
    return new HarnessError('provider-error', `${ctx.modelId} : connexion interrompue (${code})`, { cause: e });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new HarnessError('provider-error', `${ctx.modelId} : ${sanitizeBody(message)}`, { cause: e });
};
