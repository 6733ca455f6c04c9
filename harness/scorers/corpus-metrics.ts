/**
 * Corpus chrF, chrF++, BLEU and TER of one suite × model, the figures MT practitioners compare
 * (one score from statistics summed over every segment, not a mean of sentence scores). Only the
 * summable statistics are kept per result, so memory does not grow with the outputs.
 */
import type { CorpusMetrics } from '../core/types.js';
import { bleuFromStats, bleuStats, type BleuOptions, type BleuStats } from './bleu.js';
import { chrfFromStats, chrfStats, type ChrfStats } from './chrf.js';
import { terFromStats, terStats, type TerStats } from './ter.js';

/** Score types that mark a case as a translation case. */
export const TRANSLATION_SCORE_TYPES: ReadonlySet<string> = new Set(['chrf', 'bleu', 'ter']);

/** sacreBLEU `corpus_bleu` defaults (`sacrebleu/compat.py`): 13a, exp smoothing, no effective order. */
const CORPUS_BLEU: BleuOptions = { smoothMethod: 'exp', effectiveOrder: false };

/**
 * sacreBLEU 2.x signature strings of these settings (format of `sacrebleu/metrics/*.py`
 * `_get_signature`, as printed in sacreBLEU's README « sacrebleu -m bleu chrf ter »). The version
 * field names this re-implementation, checked against sacreBLEU's own test values, not sacreBLEU.
 */
export const SACREBLEU_SIGNATURES = {
  chrF: 'nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.x-reimpl',
  chrFpp: 'nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.x-reimpl',
  bleu: 'nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x-reimpl',
  ter: 'nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.x-reimpl',
} as const;

export type { CorpusMetrics };

const sum = (a: number[], b: number[]): number[] => b.map((x, i) => (a[i] ?? 0) + x);

export const createCorpusAccumulator = () => {
  let segments = 0;
  let emptyOutputs = 0;
  let chrf: ChrfStats = [];
  let chrfpp: ChrfStats = [];
  let bleu: BleuStats = { hypLen: 0, refLen: 0, correct: [], total: [] };
  const ter: TerStats = { edits: 0, refLength: 0 };
  return {
    /** One segment; a null output (the model failed) is an empty hypothesis. NFC as the scorers. */
    add(output: string | null, reference: string): void {
      const hyp = (output ?? '').normalize('NFC');
      const ref = reference.normalize('NFC');
      segments++;
      if (output === null) emptyOutputs++;
      chrf = sum(chrf, chrfStats(hyp, ref));
      chrfpp = sum(chrfpp, chrfStats(hyp, ref, { wordOrder: 2 }));
      const b = bleuStats(hyp, ref, CORPUS_BLEU);
      bleu = { hypLen: bleu.hypLen + b.hypLen, refLen: bleu.refLen + b.refLen, correct: sum(bleu.correct, b.correct), total: sum(bleu.total, b.total) };
      const t = terStats(hyp, ref);
      ter.edits += t.edits;
      ter.refLength += t.refLength;
    },
    /** The corpus figures, or null when no segment was added. */
    result(): CorpusMetrics | null {
      if (segments === 0) return null;
      const r4 = (x: number) => Number(x.toFixed(4));
      return {
        segments,
        emptyOutputs,
        chrF: r4(chrfFromStats(chrf)),
        chrFpp: r4(chrfFromStats(chrfpp, { wordOrder: 2 })),
        bleu: r4(bleuFromStats(bleu, CORPUS_BLEU).score),
        ter: r4(100 * terFromStats(ter)),
        signatures: SACREBLEU_SIGNATURES,
      };
    },
  };
};
export type CorpusAccumulator = ReturnType<typeof createCorpusAccumulator>;
