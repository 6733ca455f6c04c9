import { describe, expect, it } from 'vitest';
import { normalQuantile, zForLevel } from '../../../harness/stats/normal.js';
import { wilsonInterval } from '../../../harness/stats/wilson.js';

describe('normal quantile (Acklam)', () => {
  it('matches tabulated standard normal quantiles', () => {
    expect(zForLevel(0.95)).toBeCloseTo(1.959964, 6);
    expect(zForLevel(0.99)).toBeCloseTo(2.575829, 6);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('refuses probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => zForLevel(1)).toThrow(RangeError);
  });
});

describe('wilsonInterval', () => {
  // Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of
  // seven methods", Stat Med 17:857-872, Table I, method 3 (Wilson score without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ])('%i/%i → [%f, %f] at 95 %%', (x, n, lo, hi) => {
    const [l, h] = wilsonInterval(x, n)!;
    expect(l).toBeCloseTo(lo, 4);
    expect(h).toBeCloseTo(hi, 4);
  });

  it('widens with the confidence level and stays inside [0, 1]', () => {
    const [l95, h95] = wilsonInterval(3, 10)!;
    const [l99, h99] = wilsonInterval(3, 10, 0.99)!;
    expect(l99).toBeLessThan(l95);
    expect(h99).toBeGreaterThan(h95);
    expect(l99).toBeGreaterThanOrEqual(0);
    expect(wilsonInterval(10, 10, 0.999)![1]).toBe(1);
  });

  it('returns null for no trial and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
  });
});
