/**
 * One immediate new attempt when a server closes the connection before answering anything.
 *
 * fetch keeps connections open between requests (keep-alive). A server closes an idle one after
 * its own delay (llama.cpp's server after 5 s); when the client sends a request on it at that very
 * moment, the request fails with "other side closed" or a reset although the server is well. This
 * is the race RFC 9112 §9.3.1 ("Retrying Requests") describes: a client may send the request again
 * when its semantics are idempotent. A completion changes nothing on the server, so the request
 * is sent once more, at once, on a new connection; a second failure is returned as it is (and the
 * runner's retries, with their ledger lines, take over from there).
 *
 * Only failures before any response qualify (fetch rejected): once headers arrived, the answer is
 * the server's. Never when the caller aborted, and only for a body that can be sent twice.
 * The same bytes go to the same host: the request's ledger line covers both attempts.
 */
import { findErrorCode } from './http-errors.js';

type Fetch = typeof globalThis.fetch;

/**
 * Codes of a connection closed by the other side (undici's SocketError, the kernel's reset):
 * http-errors' RESET_CODES without UND_ERR_CLOSED, a client closed on this side.
 */
const CLOSED_CODES: ReadonlySet<string> = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

const closedBeforeAnswer = (e: unknown): boolean => {
  const code = findErrorCode(e);
  return code !== undefined && CLOSED_CODES.has(code);
};

/** A body fetch can send again unchanged: none, a string, bytes or form parameters (not a stream). */
const replayable = (input: Parameters<Fetch>[0], init: RequestInit | undefined): boolean => {
  if (input instanceof Request && input.body !== null) return false;
  const body = init?.body;
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer || body instanceof URLSearchParams;
};

export const replayClosedConnection = (fetch: Fetch): Fetch =>
  (async (input: Parameters<Fetch>[0], init?: RequestInit) => {
    try {
      return await fetch(input, init);
    } catch (e) {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      if (signal?.aborted || !closedBeforeAnswer(e) || !replayable(input, init)) throw e;
      return fetch(input, init);
    }
  }) as Fetch;
