/**
 * `json-schema`: the output is JSON (optionally in one ```json fence) valid against a required JSON
 * Schema. The same check as `is-json` with a schema, under the name suites for structured
 * extraction use; `is-json` does the parsing, compiling and French error messages.
 */
import { z } from 'zod';
import { isJsonScorer } from './is-json.js';
import type { ScorerDefinition } from './types.js';

const JsonSchemaArgs = z
  .strictObject({
    value: z.record(z.string(), z.unknown(), { error: 'schéma JSON attendu (objet)' }),
  })
  .superRefine((args, ctx) => {
    // is-json compiles the schema with ajv in strict mode: a misspelt keyword is reported here.
    const checked = isJsonScorer.args.safeParse({ value: args.value });
    if (checked.success) return;
    for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

export const jsonSchemaScorer: ScorerDefinition<typeof JsonSchemaArgs> = {
  description: 'la sortie est du JSON conforme au schéma JSON donné en value (obligatoire)',
  args: JsonSchemaArgs,
  negatable: true,
  create: (args) => {
    // Compiled once here, not per output.
    const inner = isJsonScorer.create({ value: args.value });
    return async (output, ctx) => ({ ...(await inner(output, ctx)), type: 'json-schema' });
  },
};
