/**
 * Agreement between LLM judges, so the committee knows how far to trust model grading: Fleiss'
 * kappa on the judges' pass/fail verdicts (Fleiss 1971; with two judges it equals Scott's pi, close
 * to Cohen's kappa), per suite and model-graded scorer. 1 = full agreement, 0 = chance level.
 */
import type { CaseResult } from '../core/types.js';

export type JudgeAgreement = {
  suite: string;
  scorer: string;
  judges: string[];
  items: number;
  kappa: number | null;
  method: 'fleiss-kappa';
  /** Why kappa is null, in French, when it is. */
  reason?: string;
};

/** Kappa and, when it is undefined, why. */
export type KappaResult = { kappa: number; reason?: undefined } | { kappa: null; reason: string };

/**
 * Fleiss' kappa for `items` each rated by the same number of raters into categories (counts per
 * category), with the reason when it is undefined. When every rater always chose the same category,
 * chance agreement Pe is 1 and κ = (P̄ − Pe)/(1 − Pe) is 0/0: undefined, not 1 (agreement is total
 * but says nothing about the judges, who might answer the same whatever the case).
 */
export const fleissKappaDetail = (items: readonly (readonly number[])[]): KappaResult => {
  if (items.length === 0) return { kappa: null, reason: 'aucun cas noté par plusieurs juges' };
  const raters = items[0]!.reduce((a, b) => a + b, 0);
  if (raters < 2) return { kappa: null, reason: 'moins de deux juges par cas' };
  if (items.some((row) => row.reduce((a, b) => a + b, 0) !== raters)) return { kappa: null, reason: 'les cas n’ont pas tous le même nombre de juges' };
  const n = items.length;
  const k = items[0]!.length;
  const pj = Array.from({ length: k }, (_, j) => items.reduce((s, row) => s + row[j]!, 0) / (n * raters));
  const pBar = items.reduce((s, row) => s + (row.reduce((a, c) => a + c * c, 0) - raters) / (raters * (raters - 1)), 0) / n;
  const pe = pj.reduce((s, p) => s + p * p, 0);
  if (pe === 1) {
    return { kappa: null, reason: 'indéfini : tous les juges ont toujours donné le même verdict ; l’accord est total mais ne permet pas de juger les juges (ils répondraient peut-être la même chose quel que soit le cas)' };
  }
  return { kappa: (pBar - pe) / (1 - pe) };
};

/** Fleiss' kappa, null when undefined (see fleissKappaDetail for why). */
export const fleissKappa = (items: readonly (readonly number[])[]): number | null => fleissKappaDetail(items).kappa;

/** Collects judges' verdicts from results and computes agreement where a scorer had ≥ 2 judges. */
export const judgeAgreement = async (results: AsyncIterable<CaseResult> | Iterable<CaseResult>): Promise<JudgeAgreement[]> => {
  const groups = new Map<string, { suite: string; scorer: string; judges: string[]; rows: number[][] }>();
  for await (const r of results) {
    for (const s of r.scores) {
      if (!s.judges || s.judges.length < 2) continue;
      const judges = s.judges.map((j) => j.judge);
      const key = JSON.stringify([r.suite, s.type, judges]);
      const g = groups.get(key) ?? { suite: r.suite, scorer: s.type, judges, rows: [] };
      const pass = s.judges.filter((j) => j.pass).length;
      g.rows.push([pass, s.judges.length - pass]);
      groups.set(key, g);
    }
  }
  return [...groups.values()].map((g) => {
    const k = fleissKappaDetail(g.rows);
    return { suite: g.suite, scorer: g.scorer, judges: g.judges, items: g.rows.length, kappa: k.kappa, method: 'fleiss-kappa', ...(k.reason ? { reason: k.reason } : {}) };
  });
};
