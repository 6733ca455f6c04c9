import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../../harness/stats/holm.js';

describe('holmAdjust', () => {
  // Example of the Wikipedia article "Holm–Bonferroni method" (also used by GeeksforGeeks): four
  // hypotheses with raw p = 0.01, 0.04, 0.03, 0.005 at α = 0.05; Holm rejects H1 and H4 only.
  it('reproduces the published four-hypothesis example', () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]) as number[];
    expect(adjusted[0]).toBeCloseTo(0.03, 12);
    expect(adjusted[1]).toBeCloseTo(0.06, 12);
    expect(adjusted[2]).toBeCloseTo(0.06, 12);
    expect(adjusted[3]).toBeCloseTo(0.02, 12);
    expect(adjusted.map((p) => p < 0.05)).toEqual([true, false, false, true]);
  });

  it('is monotone in the raw p-values, never below them, capped at 1', () => {
    const raw = [0.2, 0.001, 0.04, 0.04, 0.5, 0.013];
    const adjusted = holmAdjust(raw) as number[];
    const order = raw.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]).map(([, i]) => i);
    for (let k = 1; k < order.length; k++) expect(adjusted[order[k]!]!).toBeGreaterThanOrEqual(adjusted[order[k - 1]!]!);
    raw.forEach((p, i) => expect(adjusted[i]!).toBeGreaterThanOrEqual(p));
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
  });

  it('leaves untestable pairs (null) out of the count of tests', () => {
    expect(holmAdjust([null, 0.01, 0.02])).toEqual([null, 0.02, 0.02]);
    expect(holmAdjust([])).toEqual([]);
  });
});
