import { describe, expect, it } from 'vitest';
import { countSyllables, frenchWords, readabilityFr, splitSentences } from '../../../../harness/scorers/readability-fr.js';

describe('French syllable counter', () => {
  it.each([
    ['chat', 1], ['le', 1], ['de', 1], ['les', 1], ['y', 1], ['maison', 2], ['oiseau', 2], ['beaucoup', 2], ['conseil', 2],
    // silent final e / es after a consonant or « é »
    ['table', 1], ['tables', 1], ['école', 2], ['écoles', 2], ['êtes', 1], ['idée', 2], ['aimée', 2], ['liée', 1],
    // but not after another vowel
    ['rue', 1], ['joué', 1], ['partie', 2],
    // qu / gu
    ['piqué', 2], ['quatre', 1], ['langue', 1], ['guerre', 1], ["qu'il", 1],
    // hiatus: after « é », « é » after a vowel, tréma, « y » between vowels
    ['réalité', 4], ['théâtre', 2], ['poésie', 3], ['réunion', 3], ['pitié', 2], ['naïf', 2], ['Noël', 2],
    ['payer', 2], ['voyage', 2], ['citoyen', 3], ['yeux', 1],
    // long administrative words
    ['administration', 5], ['municipalité', 6], ['délibération', 5], ['élémentaires', 4], ['rénovation', 4], ['énergétique', 4],
    // elisions and hyphens count part by part; numbers count one
    ["l'école", 2], ["aujourd'hui", 3], ["c'est-à-dire", 3], ['2024', 1], ['ŒUVRE', 1], ['cœur', 1],
  ])('%s → %i', (word, expected) => {
    expect(countSyllables(word)).toBe(expected);
  });

  it('théâtre as its comment says: the hiatus é-â opens a syllable, the final e is silent (thé-âtre 2, thé-â-tral 3)', () => {
    expect(countSyllables('théâtre')).toBe(2);
    expect(countSyllables('théâtres')).toBe(2);
    expect(countSyllables('théâtral')).toBe(3);
    expect(countSyllables('théâtrale')).toBe(3);
    // Without the hiatus rule, é and â would merge into one group: « théâtral » would count 2.
    expect(countSyllables('théatral')).toBe(3);
  });

  it('documented limits: the verb ending -ent is counted, some hiatus are missed', () => {
    expect(countSyllables('parlent')).toBe(2);
    expect(countSyllables('chaos')).toBe(1);
    expect(countSyllables('extraordinaire')).toBe(4);
    expect(countSyllables('pays')).toBe(1);
  });
});

describe('French words and sentences', () => {
  it('keeps elisions, hyphenated words and decimal numbers whole', () => {
    expect(frenchWords("C'est-à-dire 3,5 km d'ici, rue Jean-Jaurès.")).toEqual(["C'est-à-dire", '3,5', 'km', "d'ici", 'rue', 'Jean-Jaurès']);
  });

  it('splits on . ! ? … and line breaks, not after abbreviations or initials', () => {
    expect(splitSentences("M. Dupont est venu. Il a dit : « Venez ! » Puis il est parti… Voir l'art. 3 du règlement.\n- premier point\n- second point\n\nFin")).toEqual([
      'M. Dupont est venu.',
      ' Il a dit : « Venez ! »',
      ' Puis il est parti…',
      " Voir l'art. 3 du règlement.",
      '- premier point',
      '- second point',
      'Fin',
    ]);
    expect(splitSentences('Le taux passe à 3.5 % en 2025. Voir www.paris.fr pour J. Martin.')).toHaveLength(2);
    expect(splitSentences('Vraiment ?! Oui.')).toEqual(['Vraiment ?!', ' Oui.']);
  });
});

describe('Kandel–Moles score', () => {
  it('is 207 − 1.015 × words/sentence − 73.6 × syllables/word', () => {
    // 2 sentences, 6 words, 6 syllables: 207 − 1.015 × 3 − 73.6 × 1.
    const r = readabilityFr('Le chat dort. Il fait beau.');
    expect(r).toMatchObject({ sentences: 2, words: 6, syllables: 6, sentenceWords: [3, 3] });
    expect(r.score).toBeCloseTo(207 - 1.015 * 3 - 73.6, 10);
  });

  it('rates administrative prose far below plain French', () => {
    const plain = readabilityFr('La piscine ouvre à neuf heures. Elle ferme le soir à vingt heures. Venez avec un maillot.');
    const dense = readabilityFr('La délibération relative à la rénovation énergétique des établissements scolaires élémentaires a été adoptée par le conseil municipal.');
    expect(plain.score!).toBeGreaterThan(70);
    expect(dense.score!).toBeLessThan(20);
    expect(dense.sentenceWords).toEqual([18]);
  });

  it('is null without a word', () => {
    expect(readabilityFr(' … \n - ').score).toBeNull();
  });
});
