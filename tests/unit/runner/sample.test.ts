/** The demo model's share of a campaign: a sample spread over each suite, the same every time. */
import { describe, expect, it } from 'vitest';
import type { Suite } from '../../../harness/core/types.js';
import { countJobs, jobsForModel, sampleCases } from '../../../harness/runner/plan.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const suite = (id: string, n: number) => ({ id, community: 'c', cases: range(n).map((i) => ({ id: `${id}-${i}` })) }) as unknown as Suite;

describe('sampleCases', () => {
  it('keeps every case when the sample is absent or larger than the suite', () => {
    expect(sampleCases(range(5), undefined)).toEqual(range(5));
    expect(sampleCases(range(5), 5)).toEqual(range(5));
    expect(sampleCases(range(5), 50)).toEqual(range(5));
  });

  it('spreads the sample from the start to the end of the suite, without repeats, the same each time', () => {
    const s = sampleCases(range(30), 6);
    expect(s).toHaveLength(6);
    expect(new Set(s).size).toBe(6);
    expect(s[0]).toBeLessThan(5);
    expect(s[5]).toBeGreaterThanOrEqual(25);
    // every sixth of the suite gives one case: no stratum is skipped
    s.forEach((v, i) => expect(Math.floor(v / 5)).toBe(i));
    expect(sampleCases(range(30), 6)).toEqual(s);
  });

  it('applies per suite to a model that asks for it, and counts what it will run', () => {
    const suites = [suite('a', 30), suite('b', 3)];
    const jobs = [...jobsForModel(suites, { id: 'demo', samplePerSuite: 4 }, 2)];
    expect(jobs.filter((j) => j.suite.id === 'a').map((j) => j.testCase.id)).toHaveLength(8);
    expect(jobs.filter((j) => j.suite.id === 'b')).toHaveLength(6);
    expect(countJobs(suites, [{ samplePerSuite: 4 }, {}], 1)).toBe(4 + 3 + 30 + 3);
    expect([...jobsForModel(suites, { id: 'full' }, 1)]).toHaveLength(33);
  });
});
