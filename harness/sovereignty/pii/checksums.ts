/** Check-digit algorithms used by the numeric detectors. Inputs are strings of ASCII digits. */

/** Luhn (ISO/IEC 7812-1): double every second digit from the right; valid when the sum ends in 0. */
export const luhnValid = (digits: string): boolean => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
};

/** Sum of the digits, for La Poste's SIRET rule (see siret.ts). */
export const digitSum = (digits: string): number => [...digits].reduce((s, c) => s + (c.charCodeAt(0) - 48), 0);

/** Remainder of a long decimal string modulo `m`, digit by digit (no precision limit). */
export const modDecimal = (digits: string, m: number): number => [...digits].reduce((r, c) => (r * 10 + (c.charCodeAt(0) - 48)) % m, 0);

/** Keeps only the digits 0-9. */
export const onlyDigits = (text: string): string => text.replace(/\D/g, '');
