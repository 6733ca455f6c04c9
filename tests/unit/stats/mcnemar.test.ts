import { describe, expect, it } from 'vitest';
import { mcnemarExact, mcnemarTest } from '../../../harness/stats/mcnemar.js';

describe('mcnemarExact', () => {
  it('b = 1, c = 9: twice P(X ≤ 1) for X ~ Bin(10, 1/2) = 22/1024', () => {
    expect(mcnemarExact(1, 9)).toBeCloseTo(22 / 1024, 12);
    expect(mcnemarExact(1, 9)).toBeCloseTo(0.0215, 4);
  });

  // Fagerland, Lydersen & Laake (2013), BMC Med Res Methodol 13:91, Table 1 (Bentur et al. 2009,
  // airway hyper-responsiveness before/after stem cell transplantation): n12 = 1, n21 = 7,
  // exact conditional p = 0.070.
  it('reproduces the exact conditional p-value of Fagerland et al. (2013)', () => {
    expect(mcnemarExact(1, 7)).toBeCloseTo(0.0703, 4);
  });

  // Armitage & Berry (1994, p. 127), two culture media on 50 sputum specimens: b = 12, c = 2;
  // exact two-sided P = 0.0129 (as reported by StatsDirect's documentation of this example).
  it('reproduces the Armitage & Berry culture media example', () => {
    expect(mcnemarExact(12, 2)).toBeCloseTo(0.0129, 4);
  });

  it('is symmetric, 1 without discordance or with b = c, and never above 1', () => {
    expect(mcnemarExact(9, 1)).toBe(mcnemarExact(1, 9));
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(5, 5)).toBe(1);
    expect(mcnemarExact(4, 5)).toBe(1);
  });

  it('stays finite and tiny for large discordant counts (no 2^n overflow)', () => {
    const p = mcnemarExact(400, 700);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-15);
    expect(mcnemarExact(700, 700)).toBe(1);
  });

  it('refuses counts that are not whole numbers ≥ 0', () => {
    expect(() => mcnemarExact(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarExact(1.5, 2)).toThrow(RangeError);
  });
});

describe('mcnemarTest', () => {
  it('counts the discordant pairs and returns b and c', () => {
    const pairs: [boolean, boolean][] = [[true, true], [true, false], [false, true], [false, true], [false, false]];
    expect(mcnemarTest(pairs)).toEqual({ n: 5, b: 1, c: 2, pValue: 1 });
  });
});
