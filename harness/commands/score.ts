/** `bac-a-sable score TYPE --output TEXT`: lets suite authors try a scorer and see its verdict. */
import { HarnessError } from '../core/errors.js';
import type { Assertion } from '../core/types.js';
import { compileAssertion } from '../scorers/evaluate.js';
import type { ScorerRegistry } from '../scorers/types.js';
import type { CommandContext } from './context.js';

export type ScoreArgs = { type: string; output: string; reference?: string; value?: string; threshold?: number };

/** `--value` may be JSON (a list, a schema, a number) or plain text. */
const parseValue = (raw: string): unknown => {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
};

export const scoreCommand = async (ctx: CommandContext, args: ScoreArgs, registry: ScorerRegistry): Promise<void> => {
  const assertion: Assertion = { type: args.type };
  if (args.value !== undefined) assertion.value = parseValue(args.value);
  if (args.threshold !== undefined) assertion.threshold = args.threshold;
  const compiled = compileAssertion(registry, assertion);
  if (!compiled.ok) {
    throw new HarnessError('invalid-input', compiled.problems.map((p) => `${p.path ? `${p.path} : ` : ''}${p.message}`).join(' ; '), {
      ...(compiled.problems[0]?.hint ? { hint: compiled.problems[0].hint } : {}),
    });
  }
  const score = await compiled.scorer(args.output, {
    vars: {},
    ...(args.reference !== undefined ? { reference: args.reference } : {}),
    prompt: '',
    latencyMs: null,
  });
  ctx.stdout.write(`${JSON.stringify(score, null, 2)}\n`);
};
