import { describe, expect, it } from 'vitest';
import { parseFrenchDate, parseFrenchNumber } from '../../../../harness/scorers/fr-values.js';

describe('parseFrenchNumber', () => {
  it('reads French amounts with thousands spaces, decimal commas and units', () => {
    expect(parseFrenchNumber('1 234,50 €')).toBe(1234.5);
    expect(parseFrenchNumber('1\u202f234,50\u00a0€')).toBe(1234.5);
    expect(parseFrenchNumber('12 345 678')).toBe(12_345_678);
    expect(parseFrenchNumber('-3,5 %')).toBe(-3.5);
    expect(parseFrenchNumber('− 2')).toBeNull();
    expect(parseFrenchNumber('−2')).toBe(-2);
    expect(parseFrenchNumber('Total : 42')).toBe(42);
    expect(parseFrenchNumber(' 0,5 ')).toBe(0.5);
  });

  it('reads dot decimals and English or German grouping', () => {
    expect(parseFrenchNumber('1234.5')).toBe(1234.5);
    expect(parseFrenchNumber('1,234,567')).toBe(1_234_567);
    expect(parseFrenchNumber('1.234.567')).toBe(1_234_567);
    expect(parseFrenchNumber('1.234,5')).toBe(1234.5);
    expect(parseFrenchNumber('1,234.5')).toBe(1234.5);
    expect(parseFrenchNumber(1234.5)).toBe(1234.5);
  });

  it('refuses what is not one number', () => {
    expect(parseFrenchNumber('12 à 15')).toBeNull();
    expect(parseFrenchNumber('1 23,5')).toBeNull();
    expect(parseFrenchNumber('1,2,3')).toBeNull();
    expect(parseFrenchNumber('1,23.4,5')).toBeNull();
    expect(parseFrenchNumber('2026-03-05')).toBeNull();
    expect(parseFrenchNumber('aucun')).toBeNull();
    expect(parseFrenchNumber(null)).toBeNull();
    expect(parseFrenchNumber(Number.NaN)).toBeNull();
  });
});

describe('parseFrenchDate', () => {
  it('reads ISO, numeric French and written dates to ISO', () => {
    for (const text of ['2026-03-05', '2026-03-05T10:30:00Z', '05/03/2026', '5/3/2026', '05-03-2026', '05.03.2026', '5 mars 2026', 'jeudi 5 mars 2026', 'le 5 mars 2026.', '5 MARS 2026']) {
      expect(parseFrenchDate(text), text).toBe('2026-03-05');
    }
    expect(parseFrenchDate('1er août 2026')).toBe('2026-08-01');
    expect(parseFrenchDate('1er aout 2026')).toBe('2026-08-01');
    expect(parseFrenchDate('12 déc. 2025')).toBe('2025-12-12');
    expect(parseFrenchDate('29 février 2028')).toBe('2028-02-29');
  });

  it('refuses dates that do not exist or are not dates', () => {
    expect(parseFrenchDate('31/02/2026')).toBeNull();
    expect(parseFrenchDate('29 février 2026')).toBeNull();
    expect(parseFrenchDate('2026-13-01')).toBeNull();
    expect(parseFrenchDate('5 marz 2026')).toBeNull();
    expect(parseFrenchDate('mars 2026')).toBeNull();
    expect(parseFrenchDate(20260305)).toBeNull();
  });
});
