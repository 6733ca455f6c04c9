/** Did-you-mean for misspelt names (scorer types, assertion fields). */
import { levenshteinDistance } from './edit-distance.js';

/**
 * The candidate closest to `input` (case-insensitive edit distance), when it is close enough to be a
 * likely typo: distance ≤ max(2, a third of the input's length). Undefined otherwise.
 */
export const suggestName = (input: string, candidates: readonly string[]): string | undefined => {
  const wanted = input.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = levenshteinDistance(wanted, name.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
};
