/**
 * Retrieval scorers for RAG providers: `context-recall` and `context-precision` compare the passages
 * a provider retrieved with the gold ones; `citation` checks that the ids an answer cites were
 * retrieved. Passage ids are read from contexts formatted `[<passage-id>] <text>` (the `rag`
 * provider's format; HTTP RAG services can be mapped to it).
 */
import { z } from 'zod';
import type { Score } from '../core/types.js';
import { frenchDecimal } from './normalize.js';
import { TextList } from './text.js';
import type { ScoreContext, ScorerDefinition, ScorerRegistry } from './types.js';

const LEADING_ID = /^\s*\[([^\[\]\s]+)\]/;
// `[id]` not followed by `(`: a Markdown link's text is not a citation.
const CITED_ID = /\[([^\[\]\s]+)\](?!\()/g;

/** The ids of the retrieved contexts, in order, without repeats; undefined when there are no contexts. */
export const contextIds = (contexts: readonly string[] | undefined): string[] | undefined =>
  contexts === undefined ? undefined : [...new Set(contexts.flatMap((c) => LEADING_ID.exec(c)?.[1] ?? []))];

/** The ids an answer cites as `[id]`, in order of first citation. */
export const citedIds = (output: string): string[] => [...new Set([...output.matchAll(CITED_ID)].map((m) => m[1]!))];

const ids = (list: readonly string[], max = 5): string => {
  const more = list.length > max ? ` (+${list.length - max})` : '';
  return `${list.slice(0, max).join(', ')}${more}`;
};

/** The retrieved ids, or the reason they cannot be read. */
const retrieved = (type: string, ctx: ScoreContext): string[] | Score => {
  const found = contextIds(ctx.contexts);
  if (found === undefined) return { type, value: null, pass: false, reason: 'aucun extrait retrouvé : le modèle ne renvoie pas de contexts (utilisez le fournisseur rag)' };
  if (found.length === 0 && ctx.contexts!.length > 0) return { type, value: null, pass: false, reason: 'extraits sans identifiant « [id] » en tête : impossible de les comparer' };
  return found;
};

const GoldArgs = (defaultThreshold: number) =>
  z.strictObject({
    /** Ids of the passages that hold the answer. */
    value: TextList,
    threshold: z.number().min(0).max(1).default(defaultThreshold),
  });
type GoldArgs = z.infer<ReturnType<typeof GoldArgs>>;

const RecallArgs = GoldArgs(1);
export const contextRecallScorer: ScorerDefinition<typeof RecallArgs> = {
  description: 'part des passages de référence (value) parmi les extraits retrouvés',
  args: RecallArgs,
  negatable: false,
  create: (args: GoldArgs) => (_output, ctx) => {
    const got = retrieved('context-recall', ctx);
    if (!Array.isArray(got)) return got;
    const missing = args.value.filter((id) => !got.includes(id));
    const value = (args.value.length - missing.length) / args.value.length;
    const head = `${args.value.length - missing.length}/${args.value.length} passage(s) de référence retrouvé(s)`;
    return { type: 'context-recall', value, pass: value >= args.threshold, reason: missing.length === 0 ? head : `${head} ; manquant(s) : ${ids(missing)}` };
  },
};

const PrecisionArgs = GoldArgs(0.5);
export const contextPrecisionScorer: ScorerDefinition<typeof PrecisionArgs> = {
  description: 'part des extraits retrouvés qui sont des passages de référence (value)',
  args: PrecisionArgs,
  negatable: false,
  create: (args: GoldArgs) => (_output, ctx) => {
    const got = retrieved('context-precision', ctx);
    if (!Array.isArray(got)) return got;
    if (got.length === 0) return { type: 'context-precision', value: 0, pass: false, reason: 'aucun extrait retrouvé' };
    const off = got.filter((id) => !args.value.includes(id));
    const value = (got.length - off.length) / got.length;
    const head = `${got.length - off.length}/${got.length} extrait(s) pertinent(s) (précision ${frenchDecimal(value)})`;
    return { type: 'context-precision', value, pass: value >= args.threshold, reason: off.length === 0 ? head : `${head} ; hors sujet : ${ids(off)}` };
  },
};

const CitationArgs = z.strictObject({});
export const citationScorer: ScorerDefinition<typeof CitationArgs> = {
  description: 'les extraits cités dans la réponse sous la forme [id] font partie des extraits retrouvés',
  args: CitationArgs,
  negatable: false,
  create: () => (output, ctx) => {
    const got = retrieved('citation', ctx);
    if (!Array.isArray(got)) return got;
    const cited = citedIds(output);
    // Nothing cited is not a wrong citation: « la réponse n'y figure pas » cites nothing, rightly.
    if (cited.length === 0) return { type: 'citation', value: null, pass: true, reason: 'aucune citation [id] dans la réponse' };
    const unknown = cited.filter((id) => !got.includes(id));
    const value = (cited.length - unknown.length) / cited.length;
    const head = `${cited.length - unknown.length}/${cited.length} citation(s) parmi les extraits retrouvés`;
    return { type: 'citation', value, pass: unknown.length === 0, reason: unknown.length === 0 ? head : `${head} ; inventée(s) ou non retrouvée(s) : ${ids(unknown)}` };
  },
};

export const ragContextScorers: ScorerRegistry = {
  'context-recall': contextRecallScorer,
  'context-precision': contextPrecisionScorer,
  citation: citationScorer,
};
