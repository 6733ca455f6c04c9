/**
 * French number formatting for the sentences written by this folder (virgule décimale, espace
 * fine insécable before « % »), through Intl like report/format.ts, so the report can quote them.
 */
const percentF = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
const twoSigF = new Intl.NumberFormat('fr-FR', { maximumSignificantDigits: 2 });
const integerF = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

/** 0.614 → « 61 % ». */
export const frPercent = (x: number): string => percentF.format(x);

/** Two significant digits below 100, whole numbers above: 397 → « 400 », 3.46 → « 3,5 », 1234 → « 1 234 ». */
export const frApprox = (x: number): string => (Math.abs(x) >= 100 ? integerF.format(Number(x.toPrecision(2))) : twoSigF.format(x));

export const frInteger = (x: number): string => integerF.format(x);

/** « A », « A et B », « A, B et C ». */
export const frList = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
