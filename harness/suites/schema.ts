/**
 * The suite format: the contract with the communities. Mirrors promptfoo's test-case shape
 * (`vars`, `assert`, `defaultTest`) where they overlap. Assertions are checked in a second pass
 * against the scorer registry, so this schema only requires a `type`.
 */
import { z } from 'zod';
import { CLASSIFICATIONS, type VarValue } from '../core/types.js';

export const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const kebab = (what: string) =>
  z.string().regex(KEBAB, { message: `${what} : minuscules, chiffres et tirets uniquement (ex. traduction-fr-es)` });

export const VarValueSchema: z.ZodType<VarValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(VarValueSchema), z.record(z.string(), VarValueSchema)]),
);
export const VarsSchema = z.record(z.string(), VarValueSchema);

export const AssertionSchema = z.looseObject({ type: z.string().min(1) });

export const GenerationParamsSchema = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.int().positive().max(1_000_000).optional(),
  seed: z.int().optional(),
  /** Stop sequences: generation ends before any of them (at most 4, OpenAI's limit). */
  stop: z.array(z.string().min(1, { error: 'séquence d’arrêt vide' })).min(1).max(4, { error: 'au plus 4 séquences d’arrêt (limite de l’API OpenAI)' }).optional(),
});

export const MessageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});

/** A case written inline in a suite, or one line of a JSONL / item of a YAML dataset. */
export const InlineCaseSchema = z.strictObject({
  id: z.union([z.string().min(1), z.int()]).optional(),
  description: z.string().optional(),
  vars: VarsSchema.optional(),
  reference: z.union([z.string(), z.number()]).optional(),
  assert: z.array(AssertionSchema).optional(),
  threshold: z.number().min(0).max(1).optional(),
  classification: z.enum(CLASSIFICATIONS).optional(),
});
export type InlineCase = z.infer<typeof InlineCaseSchema>;

export const SuiteFileSchema = z
  .strictObject({
    id: kebab('id'),
    title: z.string().min(1),
    community: kebab('community'),
    /** Display name of the community in reports (« Chatbot RH / DSN »); the id, capitalised, when absent. */
    communityTitle: z.string().min(1).optional(),
    classification: z.enum(CLASSIFICATIONS),
    description: z.string().optional(),
    prompt: z.string().min(1).optional(),
    system: z.string().optional(),
    messages: z.array(MessageSchema).min(1).optional(),
    options: GenerationParamsSchema.optional(),
    defaultTest: z
      .strictObject({
        vars: VarsSchema.optional(),
        assert: z.array(AssertionSchema).optional(),
        threshold: z.number().min(0).max(1).optional(),
      })
      .optional(),
    // Inline cases are only shape-checked here; each is validated field by field (with precise
    // positions) by the loader, the same way as cases read from datasets.
    tests: z.union([z.string().min(1), z.array(z.union([z.string().min(1), z.looseObject({})])).min(1)]),
    /** Pass rate the community considers good enough (0..1); recommendations use it. */
    target: z.number().min(0).max(1).optional(),
    /** Non-inferiority margin δ in percentage points (default: the community's in the config, else 5). */
    margin: z.number().gt(0).max(50).optional(),
    /** Mask personal data before requests leave this machine (default: the config's policy). */
    redact: z.boolean().optional(),
    /** Model id(s) of the config that grade model-graded scorers (several: agreement is reported). */
    judge: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** Quality gates: a candidate below one makes the campaign exit 4 (commands/gates.ts). */
    gates: z
      .strictObject({
        minPassRate: z.number().min(0).max(1).optional(),
        minLowerBound: z.number().min(0).max(1).optional(),
        maxWhPerRequest: z.number().positive().optional(),
        maxRegressionPoints: z.number().min(0).max(100).optional(),
      })
      .optional(),
  })
  .superRefine((suite, ctx) => {
    if (suite.prompt === undefined && suite.messages === undefined) {
      ctx.addIssue({ code: 'custom', path: ['prompt'], message: 'il faut `prompt:` ou `messages:`' });
    }
    if (suite.prompt !== undefined && suite.messages !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['messages'], message: '`prompt:` et `messages:` sont exclusifs : gardez-en un' });
    }
  });
export type SuiteFile = z.infer<typeof SuiteFileSchema>;
