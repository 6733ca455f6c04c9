/**
 * Shared text normalisation for the comparing scorers, plus the short quoting used in reasons.
 * Pure functions over strings; no scorer logic here.
 */

export type NormalizeOptions = {
  ignoreCase?: boolean;
  /** Drops every whitespace character, so runs, line breaks and French non-breaking spaces do not matter. */
  ignoreWhitespace?: boolean;
  ignoreAccents?: boolean;
};

/** Removes diacritics: NFD splits « é » into « e » + combining acute, which is then dropped. */
export const stripAccents = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');

/** Replaces each run of whitespace by one space and trims both ends. */
export const collapseWhitespace = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Trims, then applies the chosen options. Always NFC first: a model and a dataset may encode the
 * same accented letter differently, and the two forms must compare equal.
 */
export const normalizeText = (text: string, opts: NormalizeOptions = {}): string => {
  let out = text.normalize('NFC').trim();
  if (opts.ignoreAccents) out = stripAccents(out);
  if (opts.ignoreCase) out = out.toLowerCase();
  if (opts.ignoreWhitespace) out = out.replace(/\s+/g, '');
  return out;
};

/** `« text »` for reasons, shortened to `max` code points with an ellipsis. */
export const quote = (text: string, max = 60): string => {
  const chars = Array.from(collapseWhitespace(text));
  const shown = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
  return `« ${shown} »`;
};

/** French decimal: 0.8234 → « 0,82 ». */
export const frenchDecimal = (n: number, digits = 2): string => n.toFixed(digits).replace('.', ',');
