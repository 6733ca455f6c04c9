import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../../harness/core/types.js';
import { createSummaryCollector } from '../../../../harness/stats/summary.js';
import { matchLabel } from '../../../../harness/scorers/classification.js';
import { classificationReport, NO_LABEL } from '../../../../harness/scorers/classification-report.js';
import { problems, score } from './helpers.js';

const LABELS = ['congés', 'formation', 'paie', 'congés maladie'];

describe('matchLabel', () => {
  it('finds the one label in a sentence, whatever the case, accents and punctuation', () => {
    expect(matchLabel('Catégorie : congés.', LABELS)).toEqual({ kind: 'label', label: 'congés' });
    expect(matchLabel('CONGES', LABELS)).toEqual({ kind: 'label', label: 'congés' });
    expect(matchLabel('« Formation »', LABELS)).toEqual({ kind: 'label', label: 'formation' });
    expect(matchLabel('Il s’agit de paie, la paie de mars.', LABELS)).toEqual({ kind: 'label', label: 'paie' });
  });

  it('prefers the longer label that contains a shorter one', () => {
    expect(matchLabel('Catégorie : Congés-maladie', LABELS)).toEqual({ kind: 'label', label: 'congés maladie' });
  });

  it('reports two labels as ambiguous and none as none, matching whole words only', () => {
    expect(matchLabel('congés ou formation', LABELS)).toEqual({ kind: 'ambiguous', labels: ['congés', 'formation'] });
    expect(matchLabel('Je ne sais pas.', LABELS)).toEqual({ kind: 'none' });
    expect(matchLabel('Les paiements', LABELS)).toEqual({ kind: 'none' });
  });
});

describe('classification', () => {
  it('passes the expected label wrapped in a sentence', async () => {
    expect(await score({ type: 'classification', labels: LABELS, value: 'congés' }, 'Catégorie : congés.')).toEqual({
      type: 'classification', value: 1, pass: true, reason: 'bonne étiquette « congés »', labels: { declared: LABELS, expected: 'congés', predicted: 'congés' },
    });
    expect((await score({ type: 'classification', labels: LABELS }, 'paie', { reference: 'PAIE' })).pass).toBe(true);
  });

  it('fails a wrong, ambiguous or missing label with the reason', async () => {
    expect(await score({ type: 'classification', labels: LABELS, value: 'congés' }, 'Formation')).toMatchObject({
      value: 0, pass: false, reason: 'étiquette « formation », attendu « congés »',
    });
    expect(await score({ type: 'classification', labels: LABELS, value: 'congés' }, 'Congés ou paie ?')).toMatchObject({
      value: 0, pass: false, reason: 'réponse ambiguë : plusieurs étiquettes (« congés », « paie ») dans « Congés ou paie ? »',
    });
    const none = await score({ type: 'classification', labels: LABELS, value: 'paie' }, 'Autre demande');
    expect(none).toMatchObject({ value: 0, pass: false });
    expect(none.reason).toMatch(/^aucune étiquette reconnue dans « Autre demande » \(admises : « congés »/);
  });

  it('is not applicable without an expected label, or with a reference outside the labels', async () => {
    expect((await score({ type: 'classification', labels: LABELS }, 'paie')).value).toBeNull();
    expect(await score({ type: 'classification', labels: LABELS }, 'paie', { reference: 'urbanisme' })).toMatchObject({ value: null, pass: false });
  });

  it('validates labels and value when the suite is loaded', () => {
    expect(problems({ type: 'classification', labels: ['seule'] })).toEqual([{ path: 'labels', message: 'au moins deux étiquettes' }]);
    expect(problems({ type: 'classification', labels: ['Congés', 'conges'] })).toEqual([{ path: 'labels', message: 'étiquettes indiscernables : « Congés » et « conges »' }]);
    expect(problems({ type: 'classification', labels: ['a', 'b'], value: 'c' })).toEqual([{ path: 'value', message: '« c » n’est pas une des étiquettes déclarées' }]);
    expect(problems({ type: 'classification', labels: 'a, b', label: 'a' })[0]!.message).toMatch(/champ inconnu/);
  });
});

describe('classificationReport', () => {
  it('matches a hand-computed example', () => {
    const labels = ['congés', 'formation', 'paie', 'mutation'];
    const report = classificationReport(
      [
        { expected: 'congés', predicted: 'congés' },
        { expected: 'congés', predicted: 'congés' },
        { expected: 'congés', predicted: 'formation' },
        { expected: 'formation', predicted: 'formation' },
        { expected: 'formation', predicted: null },
        { expected: 'paie', predicted: 'paie' },
        { expected: 'paie', predicted: 'congés' },
        { expected: 'Paie', predicted: 'PAIE' },
        { expected: 'inconnu', predicted: 'paie' },
      ],
      labels,
    );
    expect(report.n).toBe(8);
    expect(report.unknownExpected).toBe(1);
    expect(report.accuracy).toBe(5 / 8);
    expect(report.confusion).toEqual({
      rows: labels,
      columns: [...labels, NO_LABEL],
      matrix: [
        [2, 1, 0, 0, 0],
        [0, 1, 0, 0, 1],
        [1, 0, 2, 0, 0],
        [0, 0, 0, 0, 0],
      ],
    });
    const [conges, formation, paie, mutation] = report.perLabel;
    // congés: tp 2, 3 expected, 3 predicted; formation: tp 1, 2 and 2; paie: tp 2, 3 expected, 2 predicted.
    expect(conges).toMatchObject({ support: 3, predicted: 3, precision: 2 / 3, recall: 2 / 3 });
    expect(conges!.f1).toBeCloseTo(2 / 3, 12);
    expect(formation).toMatchObject({ support: 2, predicted: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(paie).toMatchObject({ support: 3, predicted: 2, precision: 1, recall: 2 / 3 });
    expect(paie!.f1).toBeCloseTo(0.8, 12);
    // Neither expected nor predicted: F1 0, and it counts in the macro average (sklearn
    // f1_score(labels=declared, average='macro', zero_division=0)).
    expect(mutation).toEqual({ label: 'mutation', support: 0, predicted: 0, precision: 0, recall: 0, f1: 0 });
    expect(report.macroF1).toBeCloseTo((2 / 3 + 0.5 + 0.8 + 0) / 4, 12);
    expect(report.macroF1).toBeCloseTo(59 / 120, 12);
    // Micro: 2·Σtp / (Σsupport + Σpredicted over declared labels) = 10 / (8 + 7); the answer with no
    // label is a false negative of « formation » and a false positive of no declared label.
    expect(report.microF1).toBeCloseTo(2 / 3, 12);
  });

  it('issue 16: five declared labels, one occurs and is always right → macro-F1 0.2 as sklearn, micro-F1 1', () => {
    const labels = ['congés', 'formation', 'paie', 'mutation', 'retraite'];
    const report = classificationReport(Array.from({ length: 10 }, () => ({ expected: 'paie', predicted: 'paie' })), labels);
    expect(report.macroF1).toBeCloseTo(0.2, 12);
    expect(report.microF1).toBe(1);
    expect(report.accuracy).toBe(1);
    expect(report.perLabel.map((m) => [m.label, m.support, m.f1])).toEqual([
      ['congés', 0, 0],
      ['formation', 0, 0],
      ['paie', 10, 1],
      ['mutation', 0, 0],
      ['retraite', 0, 0],
    ]);
  });

  it('gives zero F1 to a label predicted but never expected, and nulls on no data', () => {
    const report = classificationReport([{ expected: 'a', predicted: 'b' }], ['a', 'b']);
    expect(report.perLabel.map((m) => m.f1)).toEqual([0, 0]);
    expect(report.perLabel[1]).toMatchObject({ precision: 0, recall: 0 });
    expect(report.macroF1).toBe(0);
    expect(report.microF1).toBe(0);
    expect(classificationReport([], ['a', 'b'])).toMatchObject({ n: 0, accuracy: null, macroF1: null, microF1: null });
  });
});

describe('classification table per suite × model in summary.json (issue 16 item 9)', () => {
  const labels = ['congés', 'formation', 'paie', 'mutation', 'retraite'];
  const result = async (caseId: string, output: string | null, reference: string): Promise<CaseResult> => {
    const base = {
      runId: 'r', suite: 'rh', community: 'rh', caseId, model: 'm', repeat: 1, vars: {}, reference, prompt: 'p', latencyMs: 10, ttftMs: null, tokens: null,
      source: { file: 's.yaml', line: 1 }, startedAt: '2026-01-01T00:00:00Z',
    };
    if (output === null) return { ...base, status: 'error', output: null, scores: [], score: null, error: { code: 'timeout', message: 'délai' } } as CaseResult;
    const s = await score({ type: 'classification', labels }, output, { reference });
    return { ...base, status: s.pass ? 'passed' : 'failed', output, scores: [s], score: s.value, error: null } as CaseResult;
  };

  it('macro-F1 over the declared labels (0.2, not 1.0), micro-F1, and the per-label table', async () => {
    const collector = createSummaryCollector();
    for (let i = 0; i < 4; i++) collector.add(await result(`c${i}`, 'Catégorie : paie.', 'paie'));
    const t = collector.cells()[0]!.classification!;
    expect(t).toMatchObject({ labels, n: 4, accuracy: 1, macroF1: 0.2, microF1: 1 });
    expect(t.perLabel.find((m) => m.label === 'paie')).toEqual({ label: 'paie', support: 4, predicted: 4, precision: 1, recall: 1, f1: 1 });
    expect(t.perLabel.find((m) => m.label === 'retraite')).toEqual({ label: 'retraite', support: 0, predicted: 0, precision: 0, recall: 0, f1: 0 });
  });

  it('a failed request counts as an answer with no label, even before the first scored case', async () => {
    const collector = createSummaryCollector();
    collector.add(await result('e', null, 'paie'));
    collector.add(await result('a', 'paie', 'paie'));
    collector.add(await result('b', 'je ne sais pas', 'congés'));
    const t = collector.cells()[0]!.classification!;
    expect(t).toMatchObject({ n: 3, accuracy: 0.3333 });
    // paie: tp 1, support 2, predicted 1 → F1 2/3; congés: support 1, F1 0.
    expect(t.perLabel.find((m) => m.label === 'paie')!.f1).toBe(0.6667);
    expect(t.macroF1).toBe(Number(((2 / 3) / 5).toFixed(4)));
    expect(t.microF1).toBe(Number(((2 * 1) / (3 + 1)).toFixed(4)));
  });
});
