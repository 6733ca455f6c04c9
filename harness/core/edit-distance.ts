/** Levenshtein edit distance over code points: shared by the levenshtein scorer and did-you-mean hints. */

const codePoints = (text: string): number[] => Array.from(text, (c) => c.codePointAt(0) ?? 0);

/**
 * Levenshtein distance in code points (insertions, deletions, substitutions, each costing 1).
 * Two-row dynamic programme: O(n·m) time, O(min(n, m)) memory; the common prefix and suffix are
 * skipped first, since outputs close to their reference usually differ in a small middle part.
 */
export const levenshteinDistance = (a: string, b: string): number => {
  let s = codePoints(a);
  let t = codePoints(b);
  let start = 0;
  while (start < s.length && start < t.length && s[start] === t[start]) start++;
  let endS = s.length;
  let endT = t.length;
  while (endS > start && endT > start && s[endS - 1] === t[endT - 1]) {
    endS--;
    endT--;
  }
  s = s.slice(start, endS);
  t = t.slice(start, endT);
  if (s.length < t.length) [s, t] = [t, s];
  const m = t.length;
  if (m === 0) return s.length;
  let prev = new Uint32Array(m + 1);
  let curr = new Uint32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    const si = s[i - 1];
    curr[0] = i;
    for (let j = 1; j <= m; j++) {
      const substitution = prev[j - 1]! + (si === t[j - 1] ? 0 : 1);
      const deletion = prev[j]! + 1;
      const insertion = curr[j - 1]! + 1;
      curr[j] = Math.min(substitution, deletion, insertion);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[m]!;
};

/** 1 - distance / longer length, in 0..1; two empty strings are identical (1). */
