/**
 * Model-graded scorers: `llm-rubric` (promptfoo's name), `factuality` against the reference, and
 * for RAG `context-faithfulness` and `answer-relevance`. The judge is a model of the config named by
 * the assertion, the suite or the config (`judge:`), never chosen from whatever key is set. With
 * several judges the score is their mean and each verdict is kept (agreement statistics).
 */
import { z } from 'zod';
import { HarnessError } from '../../core/errors.js';
import type { JudgeVerdict, Score } from '../../core/types.js';
import type { ScoreContext, ScorerDefinition, ScorerRegistry } from '../types.js';
import { judgePrompt, type JudgePromptName } from './prompts.js';
import { parseVerdict } from './verdict.js';

const JudgeField = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional();

const judgesOf = (field: string | string[] | undefined, ctx: ScoreContext): string[] => {
  const named = field === undefined ? [...(ctx.judges ?? [])] : Array.isArray(field) ? field : [field];
  if (named.length === 0) {
    throw new HarnessError('invalid-input', 'aucun juge configuré', { hint: 'ajoutez `judge: <id de modèle>` à la suite, à la configuration (defaults.judge) ou au critère' });
  }
  return named;
};

const grade = async (type: string, name: JudgePromptName, vars: Record<string, string>, threshold: number, field: string | string[] | undefined, ctx: ScoreContext): Promise<Score> => {
  if (!ctx.askJudge) throw new HarnessError('invalid-input', 'critère évalué par un modèle : aucun juge disponible ici');
  const content = judgePrompt(name)(vars);
  const verdicts: JudgeVerdict[] = [];
  for (const judge of judgesOf(field, ctx)) {
    const answer = await ctx.askJudge(judge, [{ role: 'user', content }]);
    const v = parseVerdict(answer.text, answer.judge);
    verdicts.push({ judge: answer.judge, score: v.score, pass: v.score >= threshold, reason: v.reason });
  }
  const value = verdicts.reduce((s, v) => s + v.score, 0) / verdicts.length;
  const pass = value >= threshold;
  const reason = verdicts.length === 1 ? verdicts[0]!.reason : verdicts.map((v) => `${v.judge} : ${v.score.toFixed(2).replace('.', ',')} — ${v.reason}`).join(' | ');
  return { type, value, pass, reason, judges: verdicts };
};

const RubricArgs = z.strictObject({ value: z.string().min(1, { message: 'la grille (value) ne doit pas être vide' }), threshold: z.number().min(0).max(1).default(0.5), judge: JudgeField });
const FactArgs = z.strictObject({ threshold: z.number().min(0).max(1).default(0.7), judge: JudgeField });
const PlainArgs = z.strictObject({ threshold: z.number().min(0).max(1).default(0.5), judge: JudgeField });

export const llmRubricScorer: ScorerDefinition<typeof RubricArgs> = {
  description: 'un modèle juge note la réponse selon une grille écrite en clair (value)',
  args: RubricArgs,
  negatable: false,
  create: (args) => (output, ctx) => grade('llm-rubric', 'llm-rubric', { rubric: args.value, prompt: ctx.prompt, output }, args.threshold, args.judge, ctx),
};

export const factualityScorer: ScorerDefinition<typeof FactArgs> = {
  description: 'un modèle juge vérifie que la réponse est fidèle aux faits de la référence',
  args: FactArgs,
  negatable: false,
  usesReference: true,
  create: (args) => async (output, ctx) => {
    if (ctx.reference === undefined) return { type: 'factuality', value: null, pass: false, reason: 'aucune référence pour ce cas' };
    return grade('factuality', 'factuality', { prompt: ctx.prompt, reference: ctx.reference, output }, args.threshold, args.judge, ctx);
  },
};

export const contextFaithfulnessScorer: ScorerDefinition<typeof PlainArgs> = {
  description: 'RAG : un modèle juge vérifie que chaque affirmation s’appuie sur les extraits retrouvés',
  args: PlainArgs,
  negatable: false,
  create: (args) => async (output, ctx) => {
    if (!ctx.contexts || ctx.contexts.length === 0) return { type: 'context-faithfulness', value: null, pass: false, reason: 'aucun extrait retrouvé pour ce cas' };
    return grade('context-faithfulness', 'context-faithfulness', { contexts: ctx.contexts.join('\n\n'), output }, args.threshold, args.judge, ctx);
  },
};

export const answerRelevanceScorer: ScorerDefinition<typeof PlainArgs> = {
  description: 'un modèle juge vérifie que la réponse traite la question posée',
  args: PlainArgs,
  negatable: false,
  create: (args) => (output, ctx) => grade('answer-relevance', 'answer-relevance', { prompt: ctx.prompt, output }, args.threshold, args.judge, ctx),
};

export const judgeScorers: ScorerRegistry = {
  'llm-rubric': llmRubricScorer,
  factuality: factualityScorer,
  'context-faithfulness': contextFaithfulnessScorer,
  'answer-relevance': answerRelevanceScorer,
};

/** Assertion types that need a judge: the plan checks one is configured before anything runs. */
export const JUDGE_TYPES: ReadonlySet<string> = new Set(Object.keys(judgeScorers));
