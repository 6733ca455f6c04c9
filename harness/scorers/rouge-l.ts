/**
 * ROUGE-L (Lin 2004, « ROUGE: A Package for Automatic Evaluation of Summaries »): the longest
 * common subsequence of words between output and reference, as precision, recall and F1. F1 is
 * 2PR / (P + R) and 0 when either side has no word, as in Google's `rouge-score` package
 * (`rouge_scorer.py`, `scoring.py`). Unlike rouge-score's default tokenizer, which keeps only
 * [a-z0-9] and so would drop every accented letter of French, words here are runs of Unicode
 * letters, marks and digits, lower-cased after NFC normalisation. No stemming.
 */

export type RougeL = { precision: number; recall: number; f1: number };

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Lower-cased word tokens: « L'arrêté n°12 » → l, arrêté, n, 12. */
export const rougeTokens = (text: string): string[] => text.normalize('NFC').toLowerCase().match(WORD) ?? [];

/** Length of the longest common subsequence: two-row dynamic programme, O(n·m) time, O(m) memory. */
export const lcsLength = (a: readonly string[], b: readonly string[]): number => {
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (const word of a) {
    for (let j = 1; j <= b.length; j++) cur[j] = word === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
};

/** ROUGE-L of one output against one reference. */
export const rougeL = (output: string, reference: string): RougeL => {
  const hyp = rougeTokens(output);
  const ref = rougeTokens(reference);
  if (hyp.length === 0 || ref.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const lcs = lcsLength(hyp, ref);
  const precision = lcs / hyp.length;
  const recall = lcs / ref.length;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
};
