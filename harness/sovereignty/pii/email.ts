/**
 * E-mail addresses: a local part, `@`, and a domain with at least one dot and a letter-only last
 * label. Accented letters are allowed (internationalised addresses exist in French mail). The
 * full-width `＠` arrives as `@` (normalize.ts).
 *
 * Disguised addresses are found too, as people write them to dodge robots: `[at]`, `(at)`, `{at}`,
 * ` at `, ` arobase `, ` @ ` for `@`, and `[dot]`, `(point)`, ` dot `, ` point ` for the dots of the
 * domain. A plain ` at ` is English prose as often as an address, so it counts only when a
 * domain with a dot follows.
 */
import { span, type Detector } from './types.js';

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}_%+-](?:[\p{L}\p{N}._%+-]*[\p{L}\p{N}_%+-])?@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,24}(?![\p{L}\p{N}])/gu;

const LOCAL = String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}_%+-](?:[\p{L}\p{N}._%+-]*[\p{L}\p{N}_%+-])?`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?`;
const BRACKETED = (words: string) => String.raw`\s*[\[({<]\s*(?:${words})\s*[\])}>]\s*`;
const AT = String.raw`(?:${BRACKETED('at|arobase|@')}|\s+(?:at|arobase)\s+|\s+@\s*|@\s+)`;
const DOT = String.raw`(?:\.|${BRACKETED('dot|point|\\.')}|\s+(?:dot|point)\s+)`;
const DISGUISED = new RegExp(String.raw`${LOCAL}${AT}${LABEL}(?:${DOT}${LABEL})*${DOT}\p{L}{2,24}(?![\p{L}\p{N}])`, 'giu');

/** Cheap test first: most texts hold no disguise at all, and the disguised pattern is the slow one. */
const MAY_BE_DISGUISED = /(?<!\p{L})(?:at|arobase)(?!\p{L})|\s@|@\s|[\[({<]\s*@/iu;

export const detectEmails: Detector = (text) =>
  [...text.matchAll(EMAIL), ...(MAY_BE_DISGUISED.test(text) ? text.matchAll(DISGUISED) : [])].map((m) => span('email', text, m.index, m.index + m[0].length));
