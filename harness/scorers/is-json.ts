/** `is-json`: the output is JSON, optionally valid against a JSON Schema (ajv 8). */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { z } from 'zod';
import type { ScorerDefinition } from './types.js';
import { ajvFor, draftOf } from './json-schema-draft.js';
import { quote } from './normalize.js';

/**
 * One ajv instance per schema: a shared instance refuses two schemas with the same `$id`. The
 * draft (07, 2019-09, 2020-12) is taken from `$schema`. Strict schema mode reports misspelt
 * keywords (`requried`) when the suite is loaded; `format` is not checked, as no format plug-in is
 * installed.
 */
const compileSchema = (schema: Record<string, unknown> | boolean): ValidateFunction => {
  const draft = draftOf(schema);
  if (!draft.ok) throw new Error(draft.message);
  return ajvFor(draft.draft, { allErrors: true, strictSchema: true, strictTypes: false, strictTuples: false, strictRequired: false, validateFormats: false, logger: false }).compile(schema);
};

const JSON_TYPES: Record<string, string> = {
  string: 'texte', number: 'nombre', integer: 'entier', boolean: 'booléen', array: 'liste', object: 'objet', null: 'null',
};

/** Plain French for the common ajv keywords; ajv's own English for the rest. */
const describeAjvError = (e: ErrorObject): string => {
  const where = e.instancePath === '' ? 'racine' : e.instancePath.slice(1).replaceAll('/', '.');
  const p = e.params as Record<string, unknown>;
  const text = (() => {
    switch (e.keyword) {
      case 'required': return `champ obligatoire « ${String(p.missingProperty)} » manquant`;
      case 'additionalProperties': return `champ non prévu « ${String(p.additionalProperty)} »`;
      case 'type': return `type attendu : ${String(p.type).split(',').map((t) => JSON_TYPES[t] ?? t).join(' ou ')}`;
      case 'enum': return `valeur non admise (admises : ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
      case 'const': return `doit valoir ${JSON.stringify(p.allowedValue)}`;
      case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
        return `doit être ${String(p.comparison)} ${String(p.limit)}`;
      case 'minLength': return `au moins ${String(p.limit)} caractères`;
      case 'maxLength': return `au plus ${String(p.limit)} caractères`;
      case 'minItems': return `au moins ${String(p.limit)} éléments`;
      case 'maxItems': return `au plus ${String(p.limit)} éléments`;
      case 'pattern': return `ne correspond pas au motif ${String(p.pattern)}`;
      default: return e.message ?? e.keyword;
    }
  })();
  return `${where} : ${text}`;
};

const FENCE = /^```[a-zA-Z]*[ \t]*\r?\n([\s\S]*?)\r?\n?```$/;

/** Parses the trimmed output, accepting one Markdown code fence around it. */
export const parseJsonOutput = (output: string): { ok: true; data: unknown } | { ok: false; message: string } => {
  const trimmed = output.trim();
  const body = FENCE.exec(trimmed)?.[1] ?? trimmed;
  try {
    return { ok: true, data: JSON.parse(body) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
};

const IsJsonArgs = z
  .strictObject({
    value: z.union([z.record(z.string(), z.unknown()), z.boolean()], { error: 'schéma JSON attendu (objet)' }).optional(),
  })
  .superRefine((args, ctx) => {
    if (args.value === undefined) return;
    try {
      compileSchema(args.value);
    } catch (e) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `schéma JSON invalide : ${e instanceof Error ? e.message : String(e)}` });
    }
  });

const MAX_SHOWN_ERRORS = 3;

export const isJsonScorer: ScorerDefinition<typeof IsJsonArgs> = {
  description: 'la sortie est du JSON valide, conforme au schéma JSON donné en value (facultatif)',
  args: IsJsonArgs,
  negatable: true,
  create: (args) => {
    const validate = args.value === undefined ? undefined : compileSchema(args.value);
    return (output) => {
      const parsed = parseJsonOutput(output);
      if (!parsed.ok) return { type: 'is-json', value: 0, pass: false, reason: `JSON invalide : ${parsed.message} (début : ${quote(output.trim(), 30)})` };
      if (!validate) return { type: 'is-json', value: 1, pass: true, reason: 'JSON valide' };
      if (validate(parsed.data)) return { type: 'is-json', value: 1, pass: true, reason: 'JSON valide et conforme au schéma' };
      const errors = validate.errors ?? [];
      const more = errors.length > MAX_SHOWN_ERRORS ? ` (+${errors.length - MAX_SHOWN_ERRORS} autre(s))` : '';
      const shown = errors.slice(0, MAX_SHOWN_ERRORS).map(describeAjvError).join(' ; ');
      return { type: 'is-json', value: 0, pass: false, reason: `JSON non conforme au schéma : ${shown}${more}` };
    };
  },
};
