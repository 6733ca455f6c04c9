import { describe, expect, it } from 'vitest';
import { lcsLength, rougeL, rougeTokens } from '../../../../harness/scorers/rouge-l.js';

describe('ROUGE-L', () => {
  it('tokenizes on Unicode letters and digits, lower-cased and NFC-normalised', () => {
    expect(rougeTokens("L'arrêté n°12 du 3 mai : « Stationnement interdit ! »")).toEqual(['l', 'arrêté', 'n', '12', 'du', '3', 'mai', 'stationnement', 'interdit']);
    expect(rougeTokens('e\u0301te\u0301')).toEqual(['été']);
  });

  it('finds the longest common subsequence, not substring', () => {
    expect(lcsLength(['a', 'b', 'c', 'd', 'e'], ['a', 'x', 'c', 'e'])).toBe(3);
    expect(lcsLength([], ['a'])).toBe(0);
    expect(lcsLength(['a', 'b'], ['b', 'a'])).toBe(1);
  });

  it('gives precision, recall and F1 (Lin 2004 example: « police killed the gunman »)', () => {
    // Reference « police killed the gunman »; « police kill the gunman » shares 3 of 4 words in order.
    const r = rougeL('police kill the gunman', 'police killed the gunman');
    expect(r).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75 });
    // « the gunman kill police » keeps only « the gunman » in order.
    expect(rougeL('the gunman kill police', 'police killed the gunman').f1).toBe(0.5);
  });

  it('weighs French sentences by word order, ignoring case and punctuation', () => {
    const ref = 'La piscine municipale est fermée le lundi.';
    expect(rougeL('la piscine municipale est fermée le lundi', ref).f1).toBe(1);
    const r = rougeL('Le lundi, la piscine est fermée.', ref);
    expect(r.precision).toBeCloseTo(4 / 6, 12);
    expect(r.recall).toBeCloseTo(4 / 7, 12);
    expect(r.f1).toBeCloseTo((2 * (4 / 6) * (4 / 7)) / (4 / 6 + 4 / 7), 12);
  });

  it('is 0 when either side has no word', () => {
    expect(rougeL('', 'la mairie').f1).toBe(0);
    expect(rougeL('…', '').f1).toBe(0);
  });
});
