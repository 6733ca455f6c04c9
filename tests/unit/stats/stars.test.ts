import { describe, expect, it } from 'vitest';
import { energyStars, STARS_LABEL } from '../../../harness/stats/stars.js';

describe('energyStars', () => {
  it('cuts the min–max range into five equal bands, 5 ★ for the lowest', () => {
    const r = energyStars([
      { model: 'a', energyPerCaseJ: 0 }, { model: 'b', energyPerCaseJ: 1.9 }, { model: 'c', energyPerCaseJ: 5 },
      { model: 'd', energyPerCaseJ: 7.9 }, { model: 'e', energyPerCaseJ: 10 }, { model: 'f', energyPerCaseJ: null },
    ]);
    expect(r.label).toBe(STARS_LABEL);
    expect(r.label).toContain('relatives à cette campagne');
    expect(r.note).toBeUndefined();
    expect(r.ratings).toEqual([
      { model: 'a', stars: 5 }, { model: 'b', stars: 5 }, { model: 'c', stars: 3 },
      { model: 'd', stars: 2 }, { model: 'e', stars: 1 }, { model: 'f', stars: null },
    ]);
  });

  it('gives 5 ★ to all with a note for a single model or equal energies', () => {
    expect(energyStars([{ model: 'a', energyPerCaseJ: 3 }, { model: 'b', energyPerCaseJ: null }])).toMatchObject({
      note: expect.stringContaining('Un seul modèle'), ratings: [{ model: 'a', stars: 5 }, { model: 'b', stars: null }],
    });
    expect(energyStars([{ model: 'a', energyPerCaseJ: 2 }, { model: 'b', energyPerCaseJ: 2 }])).toMatchObject({
      note: 'Énergies identiques : 5 ★ pour tous.', ratings: [{ stars: 5 }, { stars: 5 }],
    });
    expect(energyStars([{ model: 'a', energyPerCaseJ: null }]).ratings).toEqual([{ model: 'a', stars: null }]);
  });
});
