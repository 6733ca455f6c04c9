import { describe, expect, it } from 'vitest';
import { createFormat } from '../../../harness/report/format.js';

const NNBSP = '\u202f';

describe('report formatting', () => {
  const fr = createFormat({ lang: 'fr' });
  const en = createFormat({ lang: 'en' });

  it('writes French numbers with a decimal comma and a narrow no-break space before units', () => {
    expect(fr.withUnit(0.0021, 'Wh')).toBe(`0,0021${NNBSP}Wh`);
    expect(fr.withUnit(12.34, 'Wh')).toBe(`12${NNBSP}Wh`);
    expect(fr.withUnit(1234.5, 'Wh')).toBe(`1${NNBSP}235${NNBSP}Wh`);
    expect(fr.percent(0.8333)).toBe(`83,3${NNBSP}%`);
    expect(fr.percent(1)).toBe(`100${NNBSP}%`);
    expect(fr.score(0.6)).toBe('0,60');
    expect(en.withUnit(0.0021, 'Wh')).toBe('0.0021\u00a0Wh');
    expect(en.percent(0.8333)).toBe('83.3%');
  });

  it('shows « — » for unknown values, never 0', () => {
    for (const v of [null, undefined, Number.NaN]) {
      expect(fr.withUnit(v, 'Wh')).toBe('—');
      expect(fr.percent(v)).toBe('—');
      expect(fr.durationMs(v)).toBe('—');
    }
  });

  it('writes durations in the unit a reader pictures', () => {
    expect(fr.durationMs(850)).toBe(`850${NNBSP}ms`);
    expect(fr.durationMs(0.0083)).toBe(`0,0083${NNBSP}ms`);
    expect(fr.durationMs(1234)).toBe(`1,2${NNBSP}s`);
    expect(fr.durationMs(144_000)).toBe(`2${NNBSP}min 24${NNBSP}s`);
    expect(fr.durationMs(2_880_000)).toBe(`48${NNBSP}min`);
    expect(fr.durationMs(5_078_000)).toBe(`1${NNBSP}h 25${NNBSP}min`);
  });

  it('writes dates in French, in the city’s time zone', () => {
    expect(fr.date('2026-11-29T02:15:22.000Z')).toBe('29 novembre 2026 à 03:15');
    expect(en.date('2026-11-29T02:15:22.000Z')).toBe('29 November 2026 at 03:15');
    expect(fr.date('pas une date')).toBe('pas une date');
  });
});
