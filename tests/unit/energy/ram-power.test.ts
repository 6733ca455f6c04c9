import { describe, expect, it } from 'vitest';
import { guessDimmCount, ramArchOf, ramPowerFromDimms, ramPowerW } from '../../../harness/energy/ram-power.js';

const GIB = 1024 ** 3;

describe('RAM power (CodeCarbon v3 DIMM model)', () => {
  // Every column of the table in shared/reference/energy-method.md §1.3.
  it.each([
    [1, 10],
    [2, 10],
    [8, 10],
    [16, 10],
    [17, 20],
    [23.54, 20],
    [32, 20],
    [64, 20],
    [65, 38],
    [100, 38],
    [128, 38],
    [200, 58],
    [256, 38],
    [512, 38],
    [1024, 38],
    [2048, 70],
  ])('%s GB → %s W', (gb, watts) => {
    expect(ramPowerW({ totalBytes: gb * GIB })).toBeCloseTo(watts, 10);
  });

  it('guesses the DIMM count that gives those figures', () => {
    expect([2, 16, 17, 64, 65, 128, 200, 256, 1024, 2048].map(guessDimmCount)).toEqual([1, 2, 4, 4, 8, 8, 13, 8, 8, 16]);
    expect(guessDimmCount(8192)).toBe(32);
  });

  it('uses 1.5 W per DIMM and a 3 W floor on ARM', () => {
    expect(ramPowerFromDimms(2, 'arm')).toBe(3);
    expect(ramPowerFromDimms(4, 'arm')).toBeCloseTo(6, 10);
    expect(ramArchOf('arm64')).toBe('arm');
    expect(ramArchOf('x64')).toBe('x86');
  });

  it('takes the configured power over the model', () => {
    expect(ramPowerW({ totalBytes: 2048 * GIB, configRamPowerW: 12.5 })).toBe(12.5);
  });
});
