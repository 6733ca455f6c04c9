/**
 * The one secret scrubber: it knows the value of every configured secret (API keys, header
 * secrets read from the environment) and removes them from every error message, console line and
 * file the run writes. The exact value goes first, then any piece of it of 8 characters or more:
 * a provider's own pattern scrub (`sk-…`, `Bearer …`) may already have cut a key at a `+`, `/` or
 * `=` and left its tail, which must not survive either (a prefix or a suffix of the key).
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

type Known = { value: string; head: string; grams: Map<string, number[]> };

const WORD_CHAR = /[\p{L}\p{N}]/u;
const isWordChar = (c: string | undefined): boolean => c !== undefined && WORD_CHAR.test(c);

const knownOf = (value: string): Known => {
  const grams = new Map<string, number[]>();
  for (let j = 1; j + MIN_SECRET_PIECE <= value.length; j++) {
    const g = value.slice(j, j + MIN_SECRET_PIECE);
    grams.set(g, [...(grams.get(g) ?? []), j]);
  }
  return { value, head: value.slice(0, MIN_SECRET_PIECE), grams };
};

/**
 * Replaces the pieces of `secret` a leak leaves: a prefix (the rest of the key cut off) or a suffix
 * (the head cut off, e.g. by a pattern scrub stopping at `+`), of 8 characters or more. The cut must
 * fall where the text stops being a word, so that a key starting like a model name
 * (`mistral-…`) does not eat `mistral-small`.
 */
const scrubPieces = (text: string, secret: Known): string => {
  if (secret.value.length <= MIN_SECRET_PIECE) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const gram = text.slice(i, i + MIN_SECRET_PIECE);
    let end = -1;
    if (gram.length === MIN_SECRET_PIECE) {
      if (gram === secret.head) {
        let l = MIN_SECRET_PIECE;
        while (l < secret.value.length && text[i + l] === secret.value[l]) l++;
        if (!isWordChar(text[i + l])) end = i + l;
      }
      if (end < 0 && !isWordChar(text[i - 1])) {
        for (const j of secret.grams.get(gram) ?? []) {
          if (text.startsWith(secret.value.slice(j), i)) end = Math.max(end, i + secret.value.length - j);
        }
      }
    }
    if (end > i) {
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
    .map(knownOf);

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
