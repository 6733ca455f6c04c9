import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../../harness/core/types.js';
import { corpusBleu } from '../../../../harness/scorers/bleu.js';
import { corpusChrf } from '../../../../harness/scorers/chrf.js';
import { createCorpusAccumulator } from '../../../../harness/scorers/corpus-metrics.js';
import { createSummaryCollector } from '../../../../harness/stats/summary.js';

const near = (actual: number | undefined, expected: number, eps: number): void => {
  expect(Math.abs((actual ?? NaN) - expected), `${actual} vs ${expected}`).toBeLessThan(eps);
};

const translated = (caseId: string, output: string | null, reference: string, scoreType = 'chrf', model = 'm'): CaseResult => {
  const base = {
    runId: 'r', suite: 'traduction-fr-br', community: 'traduction', caseId, model, repeat: 1, vars: {}, reference, prompt: 'p', latencyMs: 10, ttftMs: null, tokens: null,
    source: { file: 's.yaml', line: 1 }, startedAt: '2026-01-01T00:00:00Z',
  };
  if (output === null) return { ...base, status: 'error', output: null, scores: [], score: null, error: { code: 'timeout', message: 'délai' } } as CaseResult;
  return { ...base, status: 'failed', output, scores: [{ type: scoreType, value: 0.4, pass: false, reason: 'x' }], score: 0.4, error: null } as CaseResult;
};

// huggingface/datasets metrics/chrf/README.md: sacreBLEU's CHRF on two single-reference segments.
const hfHyps = ['The relationship between cats and dogs is not exactly friendly.', 'a good bookshop is just a genteel black hole that knows how to read.'];
const hfRefs = ['The relationship between dogs and cats is not exactly friendly.', 'A good bookshop is just a genteel Black Hole that knows how to read.'];

// sacreBLEU test/test_ter.py, « realistic WMT 2019 dev example »: corpus TER 0.136.
const wmtHyps = [
  'wählen Sie " Bild neu berechnen , " um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit das Bild ungefähr dieselbe Größe aufweist wie die andere Größe .',
  'wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option " Alle Aufgaben aktualisieren . "',
  'klicken Sie auf der Registerkarte " Optionen " auf die Schaltfläche " Benutzerdefiniert " und geben Sie Werte für " Fehlerkorrektur-Level " und " Y / X-Verhältnis " ein .',
  'Sie können beispielsweise ein Dokument erstellen , das ein Auto über die Bühne enthält .',
  'wählen Sie im Dialogfeld " Neu aus Vorlage " eine Vorlage aus und klicken Sie auf " Neu . "',
];
const wmtRefs = [
  'wählen Sie " Bild neu berechnen , " um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit die Darstellung des Bildes in einer anderen Größe beibehalten wird .',
  'wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option " Alle Aufgaben aktualisieren . "',
  'klicken Sie auf der Registerkarte " Optionen " auf die Schaltfläche " Benutzerdefiniert " und geben Sie für " Fehlerkorrektur-Level " und " Y / X-Verhältnis " niedrigere Werte ein .',
  'Sie können beispielsweise ein Dokument erstellen , das ein Auto enthalt , das sich über die Bühne bewegt .',
  'wählen Sie im Dialogfeld " Neu aus Vorlage " eine Vorlage aus und klicken Sie auf " Neu . "',
];

describe('corpus chrF / chrF++ / BLEU / TER per suite × model (issue 16 item 6)', () => {
  it('summary.json cell: corpus chrF2 and chrF2++ equal sacreBLEU published values, not the mean of sentence scores', () => {
    const collector = createSummaryCollector();
    hfHyps.forEach((h, i) => collector.add(translated(`c${i}`, h, hfRefs[i]!)));
    const cell = collector.cells()[0]!;
    near(cell.translation?.chrF, 84.64214891738334, 1e-4);
    near(cell.translation?.chrFpp, 82.87263732906315, 1e-4);
    near(cell.translation?.bleu, corpusBleu(hfHyps, hfRefs).score, 1e-4);
    expect(cell.translation?.segments).toBe(2);
    expect(cell.translation?.signatures.chrF).toBe('nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.x-reimpl');
    expect(cell.translation?.signatures.chrFpp).toContain('|nw:2|');
    expect(cell.translation?.signatures.bleu).toMatch(/^nrefs:1\|case:mixed\|eff:no\|tok:13a\|smooth:exp\|/);
    expect(cell.translation?.signatures.ter).toMatch(/^nrefs:1\|case:lc\|tok:tercom\|norm:no\|punct:yes\|asian:no\|/);
    // The pass rate stays beside it, per case.
    expect(cell.passRate).toBe(0);
  });

  it('corpus TER equals sacreBLEU test_ter.py (WMT 2019 dev, 13.6), BLEU its corpus_bleu', () => {
    const collector = createSummaryCollector();
    wmtHyps.forEach((h, i) => collector.add(translated(`w${i}`, h, wmtRefs[i]!, 'ter')));
    const t = collector.cells()[0]!.translation!;
    near(t.ter, 13.6, 1e-3);
    near(t.bleu, corpusBleu(wmtHyps, wmtRefs).score, 1e-4);
  });

  it('a failed request is an empty segment (a missing line), even when it comes first', () => {
    const collector = createSummaryCollector();
    collector.add(translated('e', null, 'La mairie est fermée le lundi.'));
    hfHyps.forEach((h, i) => collector.add(translated(`c${i}`, h, hfRefs[i]!)));
    const t = collector.cells()[0]!.translation!;
    expect(t).toMatchObject({ segments: 3, emptyOutputs: 1 });
    near(t.chrF, corpusChrf(['', ...hfHyps], ['La mairie est fermée le lundi.', ...hfRefs]), 1e-4);
    // Calling twice gives the same figures (summary() calls cells() again).
    expect(collector.cells()[0]!.translation).toEqual(t);
  });

  it('cells without chrF/BLEU/TER assertions get no corpus figures', () => {
    const collector = createSummaryCollector();
    collector.add(translated('x', 'oui', 'oui', 'regex'));
    collector.add(translated('y', null, 'non'));
    expect(collector.cells()[0]!.translation).toBeUndefined();
  });

  it('the accumulator normalises to NFC like the per-case scorers', () => {
    const acc = createCorpusAccumulator();
    acc.add('fermée'.normalize('NFD'), 'fermée');
    expect(acc.result()).toMatchObject({ chrF: 100, bleu: expect.any(Number), ter: 0 });
    expect(createCorpusAccumulator().result()).toBeNull();
  });
});
