/**
 * NIR, the French social security number: sex, year, month, department (2A/2B for Corsica),
 * commune, order number, then a 2-digit key = 97 − (13 first digits mod 97), per INSEE / Assurance
 * maladie. Written contiguous or in the usual grouping `1 85 05 78 006 084 36`, or with dots, dashes,
 * slashes, several spaces or a line break between the groups (`DIGIT_SEP`).
 *
 * First digit accepted: 1 and 2 (men, women), and 3, 4, 7, 8, used for provisional numbers (7/8
 * for people being registered, 3/4 in older provisional series); the key check keeps false matches
 * near 1 in 97 whatever the first digit. Month: 01–12, or 20–99 (INSEE pseudo-months for an
 * unknown birth month); 00 and 13–19 are refused.
 */
import { modDecimal } from './checksums.js';
import { DIGIT_SEP, EDGE_AFTER, EDGE_BEFORE, span, type Detector, type PiiSpan } from './types.js';

const S = `${DIGIT_SEP}?`;
const NIR = new RegExp(`${EDGE_BEFORE}([1-478])${S}(\\d{2})${S}(\\d{2})${S}(\\d{2}|2[AB])${S}(\\d{3})${S}(\\d{3})${S}(\\d{2})${EDGE_AFTER}`, 'giu');

/**
 * Key of the 13 first characters. Corsica: 2A counts as 19 and 2B as 18 (the number with 2A read
 * as 20, minus 1 000 000; 2B minus 2 000 000), per the INSEE rule for departments 2A and 2B.
 */
export const nirKey = (first13: string): number => {
  const upper = first13.toUpperCase();
  const dept = upper.slice(5, 7);
  const numeric = dept === '2A' ? `${upper.slice(0, 5)}19${upper.slice(7)}` : dept === '2B' ? `${upper.slice(0, 5)}18${upper.slice(7)}` : upper;
  return 97 - modDecimal(numeric, 97);
};

const validMonth = (mm: string): boolean => {
  const m = Number(mm);
  return (m >= 1 && m <= 12) || m >= 20;
};

export const detectNirs: Detector = (text) => {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(NIR)) {
    const [all = '', sex, yy, mm = '', dept, commune, order, key] = m;
    if (!validMonth(mm)) continue;
    if (nirKey(`${sex}${yy}${mm}${dept}${commune}${order}`) === Number(key)) spans.push(span('nir', text, m.index, m.index + all.length));
  }
  return spans;
};
