/**
 * The one secret scrubber: it knows the value of every configured secret (API keys, header
 * secrets read from the environment) and removes them from every error message, console line and
 * file the run writes. The exact value goes first, then any piece of it of 8 characters or more:
 * a provider's own pattern scrub (`sk-…`, `Bearer …`) may already have cut a key at a `+`, `/` or
 * `=` and left its tail, which must not survive either.
 */
import type { Writable } from 'node:stream';

/** What replaces a secret or a piece of one. */
export const SECRET_MASK = '***';

/** Pieces shorter than this are too common to be told from ordinary text. */
export const MIN_SECRET_PIECE = 8;

/** Values shorter than this are not secrets worth scrubbing (scrubbing « a » would maim every text). */
const MIN_SECRET_LENGTH = 4;

export type SecretScrubber = {
  /** The text with every secret, and every piece of one of 8 characters or more, replaced by `***`. */
  scrub(text: string): string;
  /** A copy of a JSON-like value with every string scrubbed (results, manifests, ledgers). */
  scrubDeep<T>(value: T): T;
  /** The same stream, whose `write` scrubs first (console lines, progress). */
  wrap<S extends NodeJS.WritableStream | Writable>(stream: S): S;
  /** How many secrets it knows (for tests and diagnostics). */
  readonly size: number;
};

type Known = { value: string; pieces: Set<string> };

const piecesOf = (value: string): Set<string> => {
  const out = new Set<string>();
  for (let i = 0; i + MIN_SECRET_PIECE <= value.length; i++) out.add(value.slice(i, i + MIN_SECRET_PIECE));
  return out;
};

/** Replaces every run of text made of a piece (≥ 8 characters) of `secret`, longest first. */
const scrubPieces = (text: string, secret: Known): string => {
  if (secret.value.length < MIN_SECRET_PIECE) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (i + MIN_SECRET_PIECE <= text.length && secret.pieces.has(text.slice(i, i + MIN_SECRET_PIECE))) {
      let end = i + MIN_SECRET_PIECE;
      while (end < text.length && secret.value.includes(text.slice(i, end + 1))) end++;
      out += SECRET_MASK;
      i = end;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
};

export const createSecretScrubber = (values: Iterable<string | undefined>): SecretScrubber => {
  const known: Known[] = [...new Set([...values].filter((v): v is string => typeof v === 'string' && v.trim().length >= MIN_SECRET_LENGTH))]
    // Longest first: a key that contains another is scrubbed whole.
    .sort((a, b) => b.length - a.length)
    .map((value) => ({ value, pieces: piecesOf(value) }));

  const scrub = (text: string): string => {
    if (known.length === 0 || text.length === 0) return text;
    let out = text;
    for (const s of known) out = out.split(s.value).join(SECRET_MASK);
    for (const s of known) out = scrubPieces(out, s);
    return out;
  };

  const scrubDeep = <T>(value: T): T => {
    if (known.length === 0) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return scrub(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [scrub(k), walk(x)]));
      }
      return v;
    };
    return walk(value) as T;
  };

  const wrap = <S extends NodeJS.WritableStream | Writable>(stream: S): S => {
    if (known.length === 0) return stream;
    // A proxy, not a copy: a TTY stream's other methods (cursorTo, columns…) keep working on it.
    return new Proxy(stream, {
      get(target, prop) {
        if (prop === 'write') {
          return (chunk: unknown, ...rest: unknown[]) =>
            (target.write as (...a: unknown[]) => boolean).call(target, typeof chunk === 'string' || Buffer.isBuffer(chunk) ? scrub(String(chunk)) : chunk, ...rest);
        }
        const v: unknown = Reflect.get(target, prop);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  };

  return { scrub, scrubDeep, wrap, size: known.length };
};
