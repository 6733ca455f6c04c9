import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../harness/stats/bootstrap.js';
import { mcnemarExact } from '../../../harness/stats/mcnemar.js';
import { requiredPairedCases, roughCount, sampleSizeWarning } from '../../../harness/stats/sample-size.js';

describe('requiredPairedCases (Connor 1987)', () => {
  it('follows the formula for the defaults: δ = 0.10, ψ = 0.25, α = 0.05, power 0.8', () => {
    // (1.959964·√0.25 + 0.841621·√(0.25 − 0.01))² / 0.01 = 193.85 → 194;
    // (1.959964·√0.3 + 0.841621·√(0.3 − 0.04))² / 0.04 = 56.45 → 57
    expect(requiredPairedCases()).toBe(194);
    expect(requiredPairedCases({ discordance: 0.3 })).toBe(234);
    expect(requiredPairedCases({ diff: 0.2, discordance: 0.3 })).toBe(57);
    expect(requiredPairedCases({ power: 0.9 })).toBeGreaterThan(194);
  });

  it('gives about the promised power to the exact McNemar test (simulation)', () => {
    const n = requiredPairedCases();
    const rng = mulberry32(11);
    let rejected = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      let b = 0;
      let c = 0;
      for (let i = 0; i < n; i++) {
        const u = rng();
        // p10 = 0.175, p01 = 0.075: gap 0.10, discordance 0.25.
        if (u < 0.175) b++;
        else if (u < 0.25) c++;
      }
      if (mcnemarExact(b, c) < 0.05) rejected++;
    }
    // The exact test is a little conservative; power lands near 0.8.
    expect(rejected / trials).toBeGreaterThan(0.7);
    expect(rejected / trials).toBeLessThan(0.9);
  });

  it('refuses a discordance below the gap (impossible) and a gap outside (0, 1]', () => {
    expect(() => requiredPairedCases({ diff: 0.3, discordance: 0.2 })).toThrow(RangeError);
    expect(() => requiredPairedCases({ diff: 0 })).toThrow(RangeError);
  });
});

describe('sampleSizeWarning', () => {
  it('says in French when a suite is too small, with a rounded target', () => {
    expect(sampleSizeWarning(12)).toBe('12 cas : trop peu pour distinguer un écart de 10 points ; il en faudrait environ 200.');
    expect(sampleSizeWarning(40, { diff: 0.2, discordance: 0.3 })).toBe('40 cas : trop peu pour distinguer un écart de 20 points ; il en faudrait environ 57.');
    expect(sampleSizeWarning(1)).toMatch(/^1 cas : /);
  });

  it('is silent when there are enough cases', () => {
    expect(sampleSizeWarning(194)).toBeNull();
    expect(sampleSizeWarning(1000)).toBeNull();
  });

  it('rounds up to two significant digits', () => {
    expect(roughCount(47)).toBe(47);
    expect(roughCount(194)).toBe(200);
    expect(roughCount(233)).toBe(240);
    expect(roughCount(1234)).toBe(1300);
  });
});
