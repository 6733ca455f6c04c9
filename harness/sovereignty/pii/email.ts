/**
 * E-mail addresses: a local part, `@`, and a domain with at least one dot and a letter-only last
 * label. Accented letters are allowed (internationalised addresses exist in French mail).
 */
import { span, type Detector } from './types.js';

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}_%+-](?:[\p{L}\p{N}._%+-]*[\p{L}\p{N}_%+-])?@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,24}(?![\p{L}\p{N}])/gu;

export const detectEmails: Detector = (text) =>
  [...text.matchAll(EMAIL)].map((m) => span('email', text, m.index, m.index + m[0].length));
