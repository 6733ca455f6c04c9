import { describe, expect, it } from 'vitest';
import { isHarnessError } from '../../../../harness/core/errors.js';
import { bleuFromStats, bleuStats, corpusBleu, sentenceBleu, type BleuOptions } from '../../../../harness/scorers/bleu.js';
import { splitWords, tokenize13a } from '../../../../harness/scorers/tokenize-13a.js';

const near = (actual: number, expected: number, eps: number): void => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThan(eps);
};

// The README corpus, also used by sacreBLEU test/test_bleu.py (two references per segment).
const hyps = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
const refs = [
  ['The dog bit the man.', 'The dog had bit the man.'],
  ['It was not unexpected.', 'No one was surprised.'],
  ['The man bit him first.', 'The man had bitten the dog.'],
];
// sacreBLEU's raw_corpus_bleu(…, smooth_value): no tokenization, floor smoothing, effective order.
const raw = (smoothValue?: number): BleuOptions => ({ tokenize: 'none', smoothMethod: 'floor', smoothValue, effectiveOrder: true });

describe('BLEU against sacreBLEU test/test_bleu.py (EPSILON 1e-8 on 0..1)', () => {
  it('corpus BLEU with default settings (13a, exp), with tokenize none, and with no smoothing', () => {
    near(corpusBleu(hyps, refs).score, 48.530827, 1e-6);
    near(corpusBleu(hyps, refs, { tokenize: '13a' }).score, 48.530827, 1e-6);
    near(corpusBleu(hyps, refs, { tokenize: 'none' }).score, 49.1919566, 1e-6);
    near(corpusBleu(hyps, refs, { smoothMethod: 'none' }).score, 48.530827, 1e-6);
    expect(corpusBleu(['', '', ''], refs).score).toBe(0);
  });

  it.each([
    [1, '77.65'],
    [2, '60.50'],
    [3, '53.93'],
    [4, '48.53'],
    [5, '46.14'],
    [6, '43.28'],
  ])('max n-gram order %i → %s', (order, expected) => {
    expect(corpusBleu(hyps, refs, { maxNgramOrder: order }).score.toFixed(2)).toBe(expected);
  });

  it('raw corpus BLEU', () => {
    expect(corpusBleu(['this is a test', 'another test'], ['ref1', 'ref2'], raw(0.01)).score).toBe(0);
    near(corpusBleu(['this is a test'], ['this is a test'], raw(0.01)).score / 100, 1.0, 1e-8);
    near(corpusBleu(['this is a fest'], ['this is a test'], raw(0.01)).score / 100, 0.223606797749979, 1e-8);
  });

  it('effective order', () => {
    near(corpusBleu(['test'], ['a test'], raw(0.01)).score / 100, 0.3678794411714425, 1e-8);
    near(corpusBleu(['a test'], ['a test'], raw(0.01)).score / 100, 1.0, 1e-8);
    near(corpusBleu(['a little test'], ['a test'], raw(0.01)).score / 100, 0.03218297948685433, 1e-8);
  });

  it('statistics', () => {
    const { stats } = corpusBleu(['am I am a character sequence'], ['I am a symbol string sequence a a'], raw(0.01));
    expect(stats.correct).toEqual([4, 2, 1, 0]);
    expect(stats.total).toEqual([6, 5, 4, 3]);
  });

  it('scoring from statistics (compute_bleu defaults: no smoothing)', () => {
    near(bleuFromStats({ correct: [9, 7, 5, 3], total: [10, 8, 6, 4], hypLen: 11, refLen: 11 }).score / 100, 0.8375922397, 1e-8);
  });

  it('floor offset 0 gives 0; the default offset 0.1 gives the published value', () => {
    const args: [string[], string[]] = [['am I am a character sequence'], ['I am a symbol string sequence a a']];
    expect(corpusBleu(...args, raw(0)).score).toBe(0);
    near(corpusBleu(...args, raw(undefined)).score / 100, 0.1555722182, 1e-8);
  });

  it.each([
    [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0.0],
    [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.0],
    [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
    [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
  ])('degenerate statistics %j / %j give exactly 0', (correct, total, hypLen, refLen, offset) => {
    expect(bleuFromStats({ correct, total, hypLen, refLen }, { smoothMethod: 'floor', smoothValue: offset }).score).toBe(0);
  });
});

// sacreBLEU test/test_sentence_bleu.py (example from issue #98), EPSILON 1e-3, effective order on.
describe('sentence BLEU against sacreBLEU test/test_sentence_bleu.py', () => {
  const REF = 'producţia de zahăr brut se exprimă în zahăr alb;';
  const SYS = 'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';

  it('uses exp smoothing and effective order by default', () => near(sentenceBleu(SYS, [REF]).score, 8.493, 1e-3));

  it.each([
    ['exp', undefined, '13a', 8.493],
    ['none', undefined, '13a', 0.0],
    ['floor', undefined, '13a', 4.51688],
    ['floor', 0.1, '13a', 4.51688],
    ['floor', 0.5, '13a', 10.1],
    ['add-k', undefined, '13a', 14.882],
    ['add-k', 1, '13a', 14.882],
    ['add-k', 2, '13a', 21.389],
    ['exp', undefined, 'none', 7.347],
  ] as const)('smoothing %s (%s), tokenizer %s → %d', (smoothMethod, smoothValue, tokenize, expected) => {
    near(sentenceBleu(SYS, [REF], { smoothMethod, smoothValue, tokenize }).score, expected, 1e-3);
  });

  it.each(['exp', 'none', 'floor', 'add-k'] as const)('no match at all is 0 whatever the smoothing (%s, issue #141)', (smoothMethod) => {
    expect(sentenceBleu('this is a cat', ['okay thanks'], { smoothMethod }).score).toBe(0);
  });
});

describe('13a tokenizer', () => {
  it('splits ASCII symbols, and periods and commas outside numbers', () => {
    expect(tokenize13a("Le 14 juillet, la mairie (place de l'Hôtel-de-Ville) ouvre à 9h30.")).toBe(
      "Le 14 juillet , la mairie ( place de l'Hôtel-de-Ville ) ouvre à 9h30 .",
    );
    expect(tokenize13a('« Bonjour ! » dit-elle ; coût : 1 234,50 € (TTC) – soit 3.5% de plus.')).toBe(
      '« Bonjour ! » dit-elle ; coût : 1 234,50 € ( TTC ) – soit 3.5 % de plus .',
    );
    expect(tokenize13a('1990-2000, 3,5 km... voir p.12')).toBe('1990 - 2000 , 3,5 km . . . voir p . 12');
  });

  it('unescapes the four XML entities, drops <skipped> and joins hyphenated line ends', () => {
    expect(tokenize13a('a&amp;b &lt;tag&gt; &quot;x&quot; <skipped> fin-\nligne\nsuite')).toBe('a & b < tag > " x " finligne suite');
  });

  it('splits on the whitespace Python splits on, not on U+FEFF', () => {
    expect(splitWords('a\u00a0b\u2009c\u202fd\u001ce\u0085f\ufeffg')).toEqual(['a', 'b', 'c', 'd', 'e', 'f\ufeffg']);
  });
});

describe('BLEU on French (consistency)', () => {
  const ref = 'La mairie sera fermée le 14 juillet ; réouverture le lendemain à 8 h 30.';

  it('is 100 for an identical sentence and 0 without a common word', () => {
    near(sentenceBleu(ref, ref).score, 100, 1e-9);
    expect(sentenceBleu('Bonsoir chers voisins', ref).score).toBe(0);
  });

  it('applies the brevity penalty to a short hypothesis', () => {
    const r = sentenceBleu('La mairie sera fermée le 14 juillet ; elle rouvrira le lendemain.', ref);
    expect(r.stats.hypLen).toBe(13);
    expect(r.stats.refLen).toBe(16);
    near(r.bp, Math.exp(1 - 16 / 13), 1e-12);
    expect(r.score).toBeGreaterThan(40);
    expect(r.score).toBeLessThan(60);
  });

  it('keeps elisions whole (13a does not split apostrophes) and picks the closest reference length', () => {
    expect(bleuStats("l'école", "l'école").correct[0]).toBe(1);
    expect(bleuStats('un deux trois', ['un', 'un deux trois quatre', 'un deux']).refLen).toBe(2);
  });

  it('corpus statistics are summed before the geometric mean', () => {
    const h = ['Le marché a lieu le samedi.', 'La piscine est fermée.'];
    const r = ['Le marché se tient le samedi matin.', 'La piscine municipale est fermée.'];
    const a = bleuStats(h[0]!, r[0]!);
    const b = bleuStats(h[1]!, r[1]!);
    const summed = { hypLen: a.hypLen + b.hypLen, refLen: a.refLen + b.refLen, correct: a.correct.map((c, i) => c + b.correct[i]!), total: a.total.map((t, i) => t + b.total[i]!) };
    expect(corpusBleu(h, r).score).toBe(bleuFromStats(summed, { smoothMethod: 'exp' }).score);
  });

  it('refuses a corpus whose lists differ in length', () => {
    try {
      corpusBleu(['a'], []);
      expect.unreachable();
    } catch (e) {
      expect(isHarnessError(e) && e.code).toBe('invalid-input');
    }
  });
});
