/**
 * Judges for one case: model-graded scorers call `ask`. A judge request is an egress like any
 * other: it crosses the case's gate (hosting policy — a refused judge is never sent anything —,
 * masking with the very placeholders the candidate's request got, ledger line before sending),
 * retries like any model call, and counts the judge's tokens and time in the run's totals.
 */
import { HarnessError } from '../core/errors.js';
import type { JudgeUsage, Message, Suite, TestCase } from '../core/types.js';
import type { AskJudge } from '../scorers/types.js';
import type { CaseGate } from '../sovereignty/types.js';
import { withRetries } from './attempts.js';
import type { RunInput } from './run.js';

/** Judges answer with a short JSON verdict: deterministic and bounded. */
const JUDGE_PARAMS = { temperature: 0, maxTokens: 400 };

export const createJudgeAsker = (input: RunInput, suite: Suite, testCase: TestCase, gate: CaseGate): { ask: AskJudge; usage: JudgeUsage } => {
  const usage: JudgeUsage = { calls: 0, inputTokens: 0, outputTokens: 0, latencyMs: 0, models: [] };
  const ask: AskJudge = async (judgeId: string | undefined, messages: Message[]) => {
    const id = judgeId ?? input.judgesFor?.(suite)[0];
    const judge = id === undefined ? undefined : input.judges?.get(id);
    if (!id || !judge) throw new HarnessError('invalid-input', `juge « ${id ?? '?'} » absent de la campagne`, { hint: 'déclarez-le dans models: de la configuration' });
    const refusal = input.judgeRefusal?.(judge, suite, testCase);
    if (refusal) throw new HarnessError('policy-refused', `juge ${id} : ${refusal}`);
    // The judge reads the prompt, the answer and the reference: masked like the candidate's request.
    const prepared = gate.prepare(judge, 'judge', { messages, vars: {} });
    const outcome = await withRetries(
      { modelId: id, ...(judge.timeoutMs ? { timeoutMs: judge.timeoutMs } : {}), ...(judge.maxRetries !== undefined ? { maxRetries: judge.maxRetries } : {}), abortSignal: input.abortSignal, ...(input.backoff ? { backoff: input.backoff } : {}) },
      (signal) => gate.send(judge, 'judge', prepared, () => judge.provider.complete({ messages: prepared.messages, prompt: prepared.text, params: { ...JUDGE_PARAMS, ...(judge.options ?? {}) }, signal })),
    );
    if (!outcome.ok) throw outcome.error;
    const c = outcome.value;
    usage.calls++;
    usage.inputTokens += c.usage?.inputTokens ?? 0;
    usage.outputTokens += c.usage?.outputTokens ?? 0;
    usage.latencyMs += c.timings.totalMs;
    if (!usage.models.includes(id)) usage.models.push(id);
    return { text: prepared.redactions > 0 ? prepared.restore(c.text) : c.text, judge: id };
  };
  return { ask, usage };
};
