/**
 * A scorer's reason as the page shows it. Scorers write their reasons in French into
 * results.jsonl; the report translates them with the `reason.*` patterns of the message catalogue
 * (the French pattern matched, the English one filled with the same pieces), and rewrites a
 * negated criterion's « NON : … » so that a passed `not-` criterion never reads as a refusal. A
 * reason no pattern knows is shown as written, marked French (`lang="fr"`) by the template. Pure.
 */
import type { Score } from '../core/types.js';
import { withoutAbsolutePaths } from './display-path.js';
import { MESSAGES } from './messages.js';
import type { ViewContext } from './view-context.js';

/** Prefix that scorers/negate.ts puts before the inner criterion's reason. */
const NEGATED = /^NON : /;

type Pattern = { re: RegExp; names: string[]; key: string };

/** 0,82 · 1 000 · 12 · 850 ms · 1,2 s · 75 % (spaces may be narrow no-break ones). */
const NUMBER = '(-?\\d[\\d.,]*(?:[ \\u202f\\u00a0]\\d{3})*(?:[ \\u202f\\u00a0]?(?:ms|s|min|h|%))?)';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `contient {text}` → /^contient (.+)$/ with names ['text']; lazy groups except the last. */
const compile = (key: string, template: string): Pattern => {
  const names: string[] = [];
  const parts = template.split(/\{(\w+)\}/);
  let source = '';
  parts.forEach((part, i) => {
    if (i % 2 === 0) source += escapeRe(part);
    else {
      names.push(part);
      // `num…` pieces are numbers (with an optional unit): they never swallow words.
      if (part.startsWith('num')) source += NUMBER;
      else source += i === parts.length - 2 ? '([\\s\\S]+)' : '([\\s\\S]+?)';
    }
  });
  return { re: new RegExp(`^${source}$`), names, key };
};

/** Longest French templates first: the most specific wins. */
const PATTERNS: Pattern[] = Object.entries(MESSAGES.fr)
  .filter(([key]) => key.startsWith('reason.scorer.'))
  .map(([key, fr]) => compile(key, fr))
  .sort((a, b) => b.re.source.length - a.re.source.length);

/**
 * The reason in `target`'s words for a French one, or null when no pattern matches. Placeholders
 * named `num…` are numbers (decimal comma → point in English); `sub…` pieces are translated too;
 * the others (quoted outputs, labels) are the user's own text and stay as they are.
 */
export const translateReason = (reason: string, target: Record<string, string>, decimalPoint: boolean): string | null => {
  for (const p of PATTERNS) {
    const m = p.re.exec(reason);
    if (!m) continue;
    const text = target[p.key];
    if (text === undefined) return null;
    const values = new Map(p.names.map((n, i) => [n, m[i + 1] ?? '']));
    let failed = false;
    const out = text.replace(/\{(\w+)\}/g, (whole, n: string) => {
      const v = values.get(n);
      if (v === undefined) return whole;
      if (n.startsWith('num')) return decimalPoint ? v.replace(/(\d),(\d)/g, '$1.$2') : v;
      if (n.startsWith('sub')) {
        // A piece no pattern knows fails the whole match: another pattern may read the reason whole.
        const sub = translateReason(v, target, decimalPoint);
        if (sub === null) failed = true;
        return sub ?? v;
      }
      return v;
    });
    if (!failed) return out;
  }
  return null;
};

export type ReasonView = { text: string; lang: string | null };

/** The reason of `score` in the page's language; `lang` is set when the text stays French. */
export const reasonView = (ctx: ViewContext, score: Pick<Score, 'type' | 'pass' | 'reason'>): ReasonView => {
  const { t } = ctx;
  const raw = withoutAbsolutePaths(score.reason);
  const inner = NEGATED.test(raw) ? raw.replace(NEGATED, '') : null;
  const translate = (text: string): ReasonView => {
    if (ctx.t.lang === 'fr') return { text, lang: null };
    const en = translateReason(text, MESSAGES[ctx.t.lang] as Record<string, string>, ctx.t.lang === 'en');
    return en === null ? { text, lang: 'fr' } : { text: en, lang: null };
  };
  if (inner === null) return translate(raw);
  const base = translate(inner);
  return { text: t.label(score.pass ? 'reason.negatedPass' : 'reason.negatedFail', { reason: base.text }), lang: base.lang };
};

export const reasonText = (ctx: ViewContext, score: Pick<Score, 'type' | 'pass' | 'reason'>): string => reasonView(ctx, score).text;
