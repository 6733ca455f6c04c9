import { describe, expect, it } from 'vitest';
import { detectNames } from '../../../harness/sovereignty/pii/name.js';

describe('name detection needs two capitals', () => {
  it('finds nothing with fewer than two capitals, and still finds titles and first names with a surname', () => {
    expect(detectNames('Question numéro 12 : quelle est la démarche pour obtenir un acte de naissance ?')).toEqual([]);
    expect(detectNames('écrire à mme durand ou à claire dubois')).toEqual([]);
    expect(detectNames('Écrire à Mme Durand.').map((s) => s.text)).toEqual(['Durand']);
    expect(detectNames('voir avec Claire Dubois et M. de Villiers').map((s) => s.text)).toEqual(['Claire Dubois', 'de Villiers']);
  });
});
