/**
 * A judge's answer must be exactly `{"score": 0..1, "reason": "…"}` (a Markdown fence around it is
 * tolerated). Anything else is an error: a malformed verdict never becomes a silent pass.
 */
import { z } from 'zod';
import { HarnessError } from '../../core/errors.js';

const VerdictSchema = z.strictObject({ score: z.number().min(0).max(1), reason: z.string().min(1).max(2000) });
export type Verdict = z.infer<typeof VerdictSchema>;

export const parseVerdict = (text: string, judge: string): Verdict => {
  const unfenced = text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/u, '$1');
  let raw: unknown;
  try {
    raw = JSON.parse(unfenced);
  } catch {
    throw new HarnessError('bad-response', `verdict du juge ${judge} illisible (JSON attendu) : « ${text.slice(0, 120)} »`);
  }
  const parsed = VerdictSchema.safeParse(raw);
  if (!parsed.success) throw new HarnessError('bad-response', `verdict du juge ${judge} mal formé : {"score": 0..1, "reason": "…"} attendu`);
  return parsed.data;
};
