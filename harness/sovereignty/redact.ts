/**
 * Reversible redaction. One redactor per request: every message of the request goes through the
 * same redactor, so a value gets the same placeholder everywhere (`[EMAIL_1]`, `[TEL_2]`…), and the
 * model's answer is restored before scoring. Placeholders are keyed on the exact text found, so
 * `restore(redact(x).text) === x` holds; two spellings of one number get two placeholders.
 *
 * A value found once is masked wherever it appears again, even where no detector would see it on
 * its own: « Mme Tanguy » in one field makes « Tanguy » a known value for the whole request, and the
 * values given at creation (found in other cases of the suite) are known from the start.
 */
import { detectPii } from './detect.js';
import { PII_KINDS, PII_TAGS, type PiiKind, type PiiSpan } from './pii/types.js';

export type Replacement = { kind: PiiKind; placeholder: string; value: string };

/** A personal value already found elsewhere (another field, another case of the suite). */
export type KnownValue = { kind: PiiKind; value: string };

/** Known values shorter than this are not looked for outside a detector's context (too common). */
const MIN_KNOWN_LENGTH = 4;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export type Redactor = {
  /** Masks every PII span of `text`, and every known value; `replacements` lists them in text order. */
  redact(text: string): { text: string; replacements: Replacement[] };
  /** Adds the values the detectors find in `text` to the known values, masking nothing yet. */
  learn(text: string): void;
  /** Puts back the values behind known placeholders (case-insensitive); others are left as written. */
  restore(text: string): string;
  /** Occurrences masked so far, per kind (every kind present, 0 when none). */
  counts(): Record<PiiKind, number>;
  /** Occurrences masked so far, all kinds together. */
  total(): number;
};

const PLACEHOLDER = new RegExp(`\\[(${PII_KINDS.map((k) => PII_TAGS[k]).join('|')})_(\\d+)\\]`, 'giu');

export const createRedactor = (known: readonly KnownValue[] = []): Redactor => {
  const knownKinds = new Map<string, PiiKind>();
  let knownPattern: RegExp | null | undefined; // undefined: to rebuild; null: nothing known
  const addKnown = (kind: PiiKind, value: string) => {
    if (value.trim().length < MIN_KNOWN_LENGTH || knownKinds.has(value)) return;
    knownKinds.set(value, kind);
    knownPattern = undefined;
  };
  for (const k of known) addKnown(k.kind, k.value);
  /** Whole-word occurrences of known values, longest first. */
  const knownSpans = (text: string): PiiSpan[] => {
    if (knownPattern === undefined) {
      const values = [...knownKinds.keys()].sort((a, b) => b.length - a.length);
      knownPattern = values.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(?:${values.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
    }
    if (knownPattern === null) return [];
    return [...text.matchAll(knownPattern)].map((m) => ({ kind: knownKinds.get(m[0])!, start: m.index, end: m.index + m[0].length, text: m[0] }));
  };
  /** Detected spans, then known values where no detected span is. */
  const spansOf = (text: string): PiiSpan[] => {
    const detected = detectPii(text);
    for (const s of detected) addKnown(s.kind, s.text);
    const extra = knownSpans(text).filter((k) => !detected.some((d) => k.start < d.end && d.start < k.end));
    return [...detected, ...extra].sort((a, b) => a.start - b.start);
  };
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
      for (const s of spansOf(text)) {
        const placeholder = placeholderFor(s.kind, s.text);
        replacements.push({ kind: s.kind, placeholder, value: s.text });
        masked[s.kind]++;
        out += text.slice(at, s.start) + placeholder;
        at = s.end;
      }
      return { text: out + text.slice(at), replacements };
    },
    learn(text) {
      for (const s of detectPii(text)) addKnown(s.kind, s.text);
    },
    restore(text) {
      return text.replace(PLACEHOLDER, (whole: string) => byPlaceholder.get(whole.toUpperCase()) ?? whole);
    },
    counts: () => ({ ...masked }),
    total: () => PII_KINDS.reduce((sum, k) => sum + masked[k], 0),
  };
};
