/**
 * Generation speed of one answer: output tokens after the first, over the time from the first token
 * to the last (the first token's wait is TTFT, reported on its own). Only from counts the provider
 * reported and a first token it streamed: an estimate or a whole answer would give a made-up speed.
 */
import type { Completion } from '../providers/types.js';

/** Tokens per second, or undefined when it cannot be measured honestly. */
export const tokensPerSecond = (c: Completion): number | undefined => {
  const { ttftMs, totalMs } = c.timings;
  const out = c.usage?.outputTokens;
  if (!c.usage || c.usage.estimated || out === undefined || out < 2 || ttftMs === undefined) return undefined;
  const generationMs = totalMs - ttftMs;
  if (!(generationMs > 0)) return undefined;
  return Number(((out - 1) / (generationMs / 1000)).toFixed(2));
};
