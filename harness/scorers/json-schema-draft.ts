/**
 * Which JSON Schema draft a schema is written in, from its `$schema`, and the ajv 8 class that
 * implements it (`ajv` draft-07, `ajv/dist/2019` draft 2019-09, `ajv/dist/2020` draft 2020-12,
 * see ajv.js.org « JSON Schema drafts »). A schema without `$schema` is read as draft-07, ajv's
 * default; one declaring a draft ajv 8 does not support is refused with the list of those it does.
 */
import { createRequire } from 'node:module';
import type { Ajv, Options } from 'ajv';

// ajv (≈ 0.2 s of module loading) is required on the first schema, not at start-up: most suites
// have none. It is CommonJS, so the load stays synchronous like the schema check that needs it.
const require = createRequire(import.meta.url);
type AjvClass = new (options: Options) => Ajv;

export type Draft = 'draft-07' | '2019-09' | '2020-12';

/** Meta-schema URIs by draft; http and https, with or without the trailing `#`, are accepted. */
const META: Record<string, Draft> = {
  'json-schema.org/draft-07/schema': 'draft-07',
  'json-schema.org/draft/2019-09/schema': '2019-09',
  'json-schema.org/draft/2020-12/schema': '2020-12',
};

export const SUPPORTED_SCHEMA_URIS = [
  'http://json-schema.org/draft-07/schema#',
  'https://json-schema.org/draft/2019-09/schema',
  'https://json-schema.org/draft/2020-12/schema',
] as const;

/** The draft of a schema, or an error message in French when its `$schema` is not supported. */
export const draftOf = (schema: Record<string, unknown> | boolean): { ok: true; draft: Draft } | { ok: false; message: string } => {
  const uri = typeof schema === 'object' ? schema.$schema : undefined;
  if (uri === undefined) return { ok: true, draft: 'draft-07' };
  const key = typeof uri === 'string' ? uri.replace(/^https?:\/\//, '').replace(/#$/, '') : '';
  const draft = META[key];
  if (draft) return { ok: true, draft };
  return { ok: false, message: `$schema ${JSON.stringify(uri)} non pris en charge : utilisez ${SUPPORTED_SCHEMA_URIS.join(', ')} (ou aucun $schema : draft-07)` };
};

/** An ajv instance for that draft. */
export const ajvFor = (draft: Draft, options: Options): Ajv => {
  if (draft === '2020-12') return new (require('ajv/dist/2020.js') as { Ajv2020: AjvClass }).Ajv2020(options);
  if (draft === '2019-09') return new (require('ajv/dist/2019.js') as { Ajv2019: AjvClass }).Ajv2019(options);
  return new (require('ajv') as { Ajv: AjvClass }).Ajv(options);
};
