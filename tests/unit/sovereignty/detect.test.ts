import { describe, expect, it } from 'vitest';
import { detectPii, hasPii, mergeSpans } from '../../../harness/sovereignty/detect.js';
import type { PiiSpan } from '../../../harness/sovereignty/pii/types.js';
import { LETTER, LETTER_PII } from './letter.js';

const at = (kind: PiiSpan['kind'], start: number, end: number): PiiSpan => ({ kind, start, end, text: 'x'.repeat(end - start) });

describe('mergeSpans', () => {
  it('merges overlaps into one span named after its longest member, and keeps touching spans apart', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz';
    const merged = mergeSpans(text, [at('name', 5, 10), at('address', 0, 8), at('phone', 20, 24), at('email', 24, 26)]);
    expect(merged).toEqual([
      { kind: 'address', start: 0, end: 10, text: 'abcdefghij' },
      { kind: 'phone', start: 20, end: 24, text: 'uvwx' },
      { kind: 'email', start: 24, end: 26, text: 'yz' },
    ]);
  });

  it('breaks ties by kind order and does not depend on input order', () => {
    const spans = [at('name', 0, 5), at('phone', 0, 5), at('siret', 2, 4)];
    const expected = [{ kind: 'phone', start: 0, end: 5, text: 'abcde' }];
    expect(mergeSpans('abcdefgh', spans)).toEqual(expected);
    expect(mergeSpans('abcdefgh', [...spans].reverse())).toEqual(expected);
  });
});

describe('detectPii', () => {
  it('finds every value of a realistic letter, in order, and nothing else', () => {
    const found = detectPii(LETTER);
    expect(found.map((s) => [s.kind, s.text])).toEqual(LETTER_PII);
    for (const s of found) expect(LETTER.slice(s.start, s.end)).toBe(s.text);
  });

  it('restricts to the kinds asked for', () => {
    expect(detectPii(LETTER, ['email', 'iban']).map((s) => s.kind)).toEqual(['email', 'iban']);
  });

  it('says whether a text holds personal data', () => {
    expect(hasPii(LETTER)).toBe(true);
    expect(hasPii('La médiathèque ouvre le 12/03/2024 ; l’entrée coûte 1 234,56 € pour 123 456 789 visiteurs.')).toBe(false);
    expect(hasPii('')).toBe(false);
  });
});
