/**
 * Structured-output and retrieval scorers (JSON, fields, labels, refusals, RAG contexts), merged
 * into the core registry by the composition root.
 */
import { classificationScorer } from './classification.js';
import { jsonFieldsScorer } from './json-fields.js';
import { jsonSchemaScorer } from './json-schema.js';
import { ragContextScorers } from './rag-context.js';
import { refusalScorer } from './refusal.js';
import type { ScorerRegistry } from './types.js';

export const structuredScorers: ScorerRegistry = {
  'json-schema': jsonSchemaScorer,
  'json-fields': jsonFieldsScorer,
  classification: classificationScorer,
  refusal: refusalScorer,
  ...ragContextScorers,
};
