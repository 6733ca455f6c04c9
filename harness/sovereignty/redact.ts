/**
 * Reversible redaction. One redactor per request: every message of the request goes through the
 * same redactor, so a value gets the same placeholder everywhere (`[EMAIL_1]`, `[TEL_2]`…), and the
 * model's answer is restored before scoring. Placeholders are keyed on the exact text found, so
 * `restore(redact(x).text) === x` holds; two spellings of one number get two placeholders.
 */
import { detectPii } from './detect.js';
import { PII_KINDS, PII_TAGS, type PiiKind } from './pii/types.js';

export type Replacement = { kind: PiiKind; placeholder: string; value: string };

export type Redactor = {
  /** Masks every PII span of `text`; `replacements` lists them in text order. */
  redact(text: string): { text: string; replacements: Replacement[] };
  /** Puts back the values behind known placeholders (case-insensitive); others are left as written. */
  restore(text: string): string;
  /** Occurrences masked so far, per kind (every kind present, 0 when none). */
  counts(): Record<PiiKind, number>;
  /** Occurrences masked so far, all kinds together. */
  total(): number;
};

const PLACEHOLDER = new RegExp(`\\[(${PII_KINDS.map((k) => PII_TAGS[k]).join('|')})_(\\d+)\\]`, 'giu');

export const createRedactor = (): Redactor => {
  const byValue = new Map<string, string>(); // `${kind}\u0000${text}` → placeholder
  const byPlaceholder = new Map<string, string>(); // upper-case placeholder → value
  // Placeholder-like text already in the input (a template quoting « [EMAIL_1] ») keeps its meaning.
  const literal = new Set<string>();
  const next = Object.fromEntries(PII_KINDS.map((k) => [k, 0])) as Record<PiiKind, number>;
  const masked = Object.fromEntries(PII_KINDS.map((k) => [k, 0])) as Record<PiiKind, number>;

  const placeholderFor = (kind: PiiKind, value: string): string => {
    const key = `${kind}\u0000${value}`;
    const known = byValue.get(key);
    if (known) return known;
    let placeholder: string;
    do placeholder = `[${PII_TAGS[kind]}_${++next[kind]}]`;
    while (literal.has(placeholder));
    byValue.set(key, placeholder);
    byPlaceholder.set(placeholder, value);
    return placeholder;
  };

  return {
    redact(text) {
      for (const m of text.matchAll(PLACEHOLDER)) if (!byPlaceholder.has(m[0].toUpperCase())) literal.add(m[0].toUpperCase());
      const replacements: Replacement[] = [];
      let out = '';
      let at = 0;
      for (const s of detectPii(text)) {
        const placeholder = placeholderFor(s.kind, s.text);
        replacements.push({ kind: s.kind, placeholder, value: s.text });
        masked[s.kind]++;
        out += text.slice(at, s.start) + placeholder;
        at = s.end;
      }
      return { text: out + text.slice(at), replacements };
    },
    restore(text) {
      return text.replace(PLACEHOLDER, (whole: string) => byPlaceholder.get(whole.toUpperCase()) ?? whole);
    },
    counts: () => ({ ...masked }),
    total: () => PII_KINDS.reduce((sum, k) => sum + masked[k], 0),
  };
};
