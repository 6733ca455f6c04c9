/**
 * Who may read the web observatory. On the loopback interface only this machine can connect, so
 * no token is needed; on any other address a token is mandatory (refused at start-up without
 * one). A token, when set, is checked on every request in constant time: from the
 * `Authorization: Bearer` header, or from the cookie set after the first `?jeton=` visit.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { HarnessError } from '../core/errors.js';

/** The environment variable holding the token, so it does not appear in the process list. */
export const TOKEN_ENV = 'BAC_A_SABLE_SERVE_TOKEN';
export const TOKEN_COOKIE = 'bas_jeton';
export const TOKEN_QUERY = 'jeton';
/** Below this length a token is guessable; 16 characters of a random generator is about 96 bits. */
export const MIN_TOKEN_CHARS = 16;

export const isLoopback = (host: string): boolean => {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h.startsWith('::ffff:127.');
};

/**
 * The token the server requires, or null on loopback without one. Throws (exit 2) when a
 * non-loopback address has no token, or when the token is too short to protect anything.
 */
export const requiredToken = (host: string, given: string | undefined, env: Readonly<Record<string, string | undefined>>): string | null => {
  const token = given || env[TOKEN_ENV] || null;
  if (token !== null && token.length < MIN_TOKEN_CHARS) {
    throw new HarnessError('invalid-input', `jeton d’accès trop court (${token.length} caractères, au moins ${MIN_TOKEN_CHARS})`, {
      hint: `générez-en un : openssl rand -base64 24, puis ${TOKEN_ENV}=… bac-a-sable serve`,
    });
  }
  if (token === null && !isLoopback(host)) {
    throw new HarnessError('invalid-input', `refus de démarrer : l’adresse ${host} est joignable depuis d’autres machines et aucun jeton d’accès n’est donné`, {
      hint: `donnez un jeton (--token ou la variable ${TOKEN_ENV}), ou restez sur 127.0.0.1`,
    });
  }
  return token;
};

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison: hashing first gives equal lengths, so neither length nor content leaks through timing. */
export const tokenMatches = (expected: string, given: string | null | undefined): boolean =>
  typeof given === 'string' && timingSafeEqual(digest(expected), digest(given));

/** The token a request carries: Authorization header first, then the cookie. */
export const tokenOf = (authorization: string | undefined, cookie: string | undefined): string | null => {
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  for (const part of (cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
};
