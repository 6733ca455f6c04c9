import { describe, expect, it } from 'vitest';
import { levenshteinDistance } from '../../../../harness/core/edit-distance.js';
import { isHarnessError } from '../../../../harness/core/errors.js';
import { corpusTer, sentenceTer, terStats } from '../../../../harness/scorers/ter.js';

const near = (actual: number, expected: number, eps: number): void => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThan(eps);
};

// sacreBLEU test/test_ter.py: TER().corpus_score(hyps, [refs]).score (0–100) within 1e-3 of 100 × expected.
describe('TER against sacreBLEU test/test_ter.py', () => {
  it.each([
    [['aaaa bbbb cccc dddd'], ['aaaa bbbb cccc dddd'], 0],
    [['dddd eeee ffff'], ['aaaa bbbb cccc'], 1],
    [[''], ['a'], 1],
    [['d e f g h a b c'], ['a b c d e f g h'], 1 / 8],
  ])('%j vs %j → %d', (hyps, refs, expected) => {
    near(100 * corpusTer(hyps, refs), 100 * expected, 1e-3);
  });

  it('realistic WMT 2019 dev example (five segments, shifts needed) → 0.136', () => {
    const hyps = [
      'wählen Sie " Bild neu berechnen , " um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit das Bild ungefähr dieselbe Größe aufweist wie die andere Größe .',
      'wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option " Alle Aufgaben aktualisieren . "',
      'klicken Sie auf der Registerkarte " Optionen " auf die Schaltfläche " Benutzerdefiniert " und geben Sie Werte für " Fehlerkorrektur-Level " und " Y / X-Verhältnis " ein .',
      'Sie können beispielsweise ein Dokument erstellen , das ein Auto über die Bühne enthält .',
      'wählen Sie im Dialogfeld " Neu aus Vorlage " eine Vorlage aus und klicken Sie auf " Neu . "',
    ];
    const refs = [
      'wählen Sie " Bild neu berechnen , " um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit die Darstellung des Bildes in einer anderen Größe beibehalten wird .',
      'wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option " Alle Aufgaben aktualisieren . "',
      'klicken Sie auf der Registerkarte " Optionen " auf die Schaltfläche " Benutzerdefiniert " und geben Sie für " Fehlerkorrektur-Level " und " Y / X-Verhältnis " niedrigere Werte ein .',
      'Sie können beispielsweise ein Dokument erstellen , das ein Auto enthalt , das sich über die Bühne bewegt .',
      'wählen Sie im Dialogfeld " Neu aus Vorlage " eine Vorlage aus und klicken Sie auf " Neu . "',
    ];
    near(100 * corpusTer(hyps, refs), 13.6, 1e-3);
  });
});

// huggingface/datasets metrics/ter/README.md (sacreBLEU's TER behind a wrapper whose default is case-sensitive).
describe('TER against the published multi-reference examples', () => {
  const preds = ['does this sentence match??', 'what about this sentence?', 'What did the TER metric user say to the developer?'];
  const refs = [['does this sentence match', 'does this sentence match!?!'], ['wHaT aBoUt ThIs SeNtEnCe?', 'wHaT aBoUt ThIs SeNtEnCe?'], ['Your jokes are...', '...TERrible']];

  it('two segments: 5 edits over 8 reference words', () => {
    near(100 * corpusTer(preds.slice(0, 2), refs.slice(0, 2), { caseSensitive: true }), 62.5, 1e-9);
  });

  it('three segments: 15 edits over an average reference length of 10', () => {
    near(100 * corpusTer(preds, refs, { caseSensitive: true }), 150, 1e-9);
    expect(terStats(preds[2]!, refs[2]!, { caseSensitive: true })).toEqual({ edits: 10, refLength: 2 });
  });
});

describe('TER on French (consistency)', () => {
  it('is case-insensitive by default and counts a moved block as one edit', () => {
    expect(sentenceTer('Le conseil a voté le budget hier', 'Hier le conseil a voté le budget')).toBeCloseTo(1 / 7, 12);
    expect(sentenceTer('LA MAIRIE EST FERMÉE', 'la mairie est fermée')).toBe(0);
    expect(sentenceTer('LA MAIRIE EST FERMÉE', 'la mairie est fermée', { caseSensitive: true })).toBe(1);
  });

  it('handles empty sides as sacreBLEU does', () => {
    expect(sentenceTer('', '')).toBe(0);
    expect(sentenceTer('quelque chose', '')).toBe(1);
    expect(sentenceTer('', 'la mairie est fermée')).toBe(1);
  });

  it('punctuation stays attached to words (no tokenization by default)', () => {
    expect(terStats('La mairie est fermée.', 'La mairie est fermée').edits).toBe(1);
  });

  it('never exceeds the plain word edit distance, never goes below the length difference', () => {
    const words = 'le la les de du un une mairie conseil budget vote école rue parc quartier à et'.split(' ');
    let seed = 11;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const sentence = (): string[] => Array.from({ length: 1 + rand(30) }, () => words[rand(words.length)]!);
    // One private-use character per word, so the core Levenshtein counts word edits.
    const asChars = (ws: string[]): string => ws.map((w) => String.fromCodePoint(0xe000 + words.indexOf(w))).join('');
    for (let k = 0; k < 200; k++) {
      const [hyp, ref] = [sentence(), sentence()];
      const { edits } = terStats(hyp.join(' '), ref.join(' '));
      expect(edits).toBeLessThanOrEqual(levenshteinDistance(asChars(hyp), asChars(ref)));
      expect(edits).toBeGreaterThanOrEqual(Math.abs(hyp.length - ref.length));
    }
  });

  it('scores 2,000-character texts (the shift search is bounded)', () => {
    const ref = 'Le conseil municipal a adopté une délibération relative à la rénovation des écoles et des parcs du quartier. '.repeat(19).slice(0, 2000);
    const hyp = 'Lors de sa séance, la municipalité a voté la rénovation des parcs et des écoles élémentaires du secteur. '.repeat(20).slice(0, 2000);
    const ter = sentenceTer(hyp, ref);
    expect(ter).toBeGreaterThan(0.3);
    expect(ter).toBeLessThan(1.2);
  });

  it('refuses a corpus whose lists differ in length', () => {
    try {
      corpusTer(['a'], ['a', 'b']);
      expect.unreachable();
    } catch (e) {
      expect(isHarnessError(e) && e.code).toBe('invalid-input');
    }
  });
});
