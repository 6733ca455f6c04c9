import { describe, expect, it, vi } from 'vitest';

// Counts the calls to the phone library while keeping its real answers.
const calls = vi.hoisted(() => ({ n: 0 }));
vi.mock('libphonenumber-js/max', async (importOriginal) => {
  const real = await importOriginal<typeof import('libphonenumber-js/max')>();
  return { ...real, findPhoneNumbersInText: (...a: Parameters<typeof real.findPhoneNumbersInText>) => (calls.n++, real.findPhoneNumbersInText(...a)) };
});

const { detectPhones } = await import('../../../harness/sovereignty/pii/phone.js');

describe('phone detection asks the library only where a number could be kept', () => {
  it('skips a piece with neither « + » nor « 0 » (no kept number can start there), and still finds every dialable number', () => {
    calls.n = 0;
    expect(detectPhones('Question numéro 1234 : quelle est la démarche pour un acte de naissance ?')).toEqual([]);
    expect(detectPhones('Appelez le 6 12 34 56 78 ou le 33 6 12 34 56 79')).toEqual([]);
    expect(calls.n).toBe(0);
    // The same numbers written to be dialled are found, wherever the « + » or « 0 » sits in the piece.
    const text = 'Mobile : +33 6 12 34 56 78, fixe 01 42 76 40 40 ; sinon 0033 6 12 34 56 79';
    expect(detectPhones(text).map((s) => s.text)).toEqual(['+33 6 12 34 56 78', '01 42 76 40 40', '0033 6 12 34 56 79']);
    expect(calls.n).toBe(3);
  });
});
