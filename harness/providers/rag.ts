/**
 * `provider: rag`: a lexical retrieval pipeline in front of any other model of the config. For each
 * case it retrieves the passages of a local corpus closest to the question (BM25), builds a prompt
 * from them and asks the inner model; the answer comes back with the passages as `contexts`,
 * formatted `[<passage-id>] <text>` for the retrieval scorers.
 */
import path from 'node:path';
import Handlebars from 'handlebars';
import { z } from 'zod';
import { formatIssue, HarnessError } from '../core/errors.js';
import type { Message } from '../core/types.js';
import { loadCorpus } from '../rag/corpus.js';
import { createRetriever, type Retriever } from '../rag/retrieve.js';
import type { Completion, CompletionRequest, ModelBase, Provider, ProviderDefinition, ProviderDeps } from './types.js';

export const DEFAULT_RAG_TEMPLATE = [
  "Réponds à la question en t'appuyant uniquement sur les extraits ci-dessous. Cite les extraits utilisés entre crochets, par exemple [reglement-interieur#horaires]. Si la réponse n'y figure pas, dis-le.",
  '',
  'Extraits :',
  '{{extraits}}',
  '',
  'Question : {{question}}',
].join('\n');

const hb = Handlebars.create();
const compile = (template: string) => hb.compile(template, { strict: true, noEscape: true });

/** What a template can read: the question, the passages as one text, and the passages one by one. */
type TemplateData = { question: string; extraits: string; passages: { id: string; title: string; text: string; score: number }[] };
const SAMPLE: TemplateData = { question: 'q', extraits: '[a#b] t', passages: [{ id: 'a#b', title: 't', text: 't', score: 1 }] };

export const RagConfigSchema = z.strictObject({
  /** Id of another model of the config: the one that writes the answer. */
  model: z.string().min(1),
  /** Folder of Markdown/text files, relative to the project root. */
  corpus: z.string().min(1),
  /** Passages put in the prompt. */
  topK: z.number().int().min(1).max(50).optional(),
  /** Handlebars (strict): {{question}}, {{extraits}}, {{#each passages}}{{id}} {{text}}{{/each}}. */
  template: z
    .string()
    .min(1)
    .superRefine((template, ctx) => {
      try {
        compile(template)(SAMPLE);
      } catch (e) {
        const detail = (e instanceof Error ? e.message : String(e)).replace(' in [object Object]', '');
        ctx.addIssue({ code: 'custom', message: `gabarit invalide : ${detail} (variables : question, extraits, passages)` });
      }
    })
    .optional(),
});
export type RagConfig = z.infer<typeof RagConfigSchema>;

const DEFAULT_TOP_K = 4;

const abortError = (signal: AbortSignal, id: string): HarnessError => {
  const reason: unknown = signal.reason;
  if (reason instanceof HarnessError) return reason;
  return reason instanceof Error && reason.name === 'TimeoutError'
    ? new HarnessError('timeout', `${id} : pas de réponse dans le délai imparti`)
    : new HarnessError('cancelled', `${id} : requête annulée`);
};

/** The case's `question` var when it has one, else the last user message. */
const questionOf = (req: CompletionRequest, id: string): string => {
  const v = req.case?.vars.question;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  const last = req.messages.filter((m) => m.role === 'user').at(-1);
  if (!last) throw new HarnessError('invalid-input', `${id} : aucune question à chercher (ni variable question, ni message utilisateur)`);
  return last.content;
};

const resolveInner = (model: ModelBase & RagConfig, deps: ProviderDeps): Provider => {
  const absent = (cause?: unknown) =>
    new HarnessError('invalid-input', `${model.id} : le modèle « ${model.model} » (model du pipeline rag) est introuvable dans la configuration`, {
      hint: 'model doit être l’id d’un autre modèle déclaré dans la configuration',
      cause,
    });
  if (model.model === model.id) throw new HarnessError('invalid-input', `${model.id} : un pipeline rag ne peut pas s’appeler lui-même (model: ${model.model})`);
  if (!deps.resolveProvider) throw absent();
  try {
    const inner = deps.resolveProvider(model.model) as Provider | undefined;
    if (!inner) throw absent();
    return inner;
  } catch (e) {
    throw e instanceof HarnessError && e.code === 'invalid-input' ? e : absent(e);
  }
};

export const createRagProvider = (model: ModelBase & RagConfig, deps: ProviderDeps): Provider => {
  const inner = resolveInner(model, deps);
  const corpusDir = path.resolve(deps.projectRoot, model.corpus);
  const topK = model.topK ?? DEFAULT_TOP_K;
  const render = compile(model.template ?? DEFAULT_RAG_TEMPLATE);
  let loading: Promise<Retriever> | undefined;

  /** Loads and indexes the corpus on first use, once; a failed load is retried on the next call. */
  const retriever = (): Promise<Retriever> => {
    loading ??= loadCorpus(corpusDir)
      .then((loaded) => {
        if (!loaded.ok) {
          throw new HarnessError('invalid-input', `${model.id} : corpus ${model.corpus} invalide : ${loaded.issues.map(formatIssue).join(' ; ')}`, { issues: loaded.issues });
        }
        return createRetriever(loaded.value);
      })
      .catch((e: unknown) => {
        loading = undefined;
        throw e;
      });
    return loading;
  };

  return {
    id: model.id,
    hosting: model.hosting,
    async complete(req: CompletionRequest): Promise<Completion> {
      if (req.signal.aborted) throw abortError(req.signal, model.id);
      // Loading is a one-off cost of the run, not of the first case: it is outside the timings.
      const index = await retriever();
      const question = questionOf(req, model.id);
      const startMs = deps.now();
      const hits = index.search(question, topK);
      const contexts = hits.map((h) => `[${h.passage.id}] ${h.passage.text}`);
      const passages = hits.map((h) => ({ id: h.passage.id, title: h.passage.title ?? '', text: h.passage.text, score: h.score }));
      const prompt = render({ question, extraits: contexts.length > 0 ? contexts.join('\n\n') : '(aucun extrait trouvé)', passages } satisfies TemplateData);
      const retrievalMs = deps.now() - startMs;
      const messages: Message[] = [...req.messages.filter((m) => m.role === 'system'), { role: 'user', content: prompt }];
      const answer = await inner.complete({ ...req, messages, prompt: messages.map((m) => m.content).join('\n\n') });
      const { ttftMs, totalMs, backend } = answer.timings;
      return {
        ...answer,
        timings: { totalMs: retrievalMs + totalMs, ...(ttftMs === undefined ? {} : { ttftMs: retrievalMs + ttftMs }), backend: { ...backend, retrievalMs } },
        modelIdentity: `rag(${answer.modelIdentity ?? inner.id})`,
        contexts,
      };
    },
    async check(signal) {
      try {
        await retriever();
      } catch (e) {
        if (!(e instanceof HarnessError)) throw e;
        return { ok: false, reason: e.message, ...(e.hint ? { hint: e.hint } : {}) };
      }
      return (await inner.check?.(signal)) ?? { ok: true };
    },
    async describe(signal) {
      const index = await retriever();
      const innerFacts = await inner.describe?.(signal);
      return { pipeline: 'rag (BM25 lexical, minisearch)', model: inner.id, corpus: model.corpus, passages: index.size, topK, ...(innerFacts ? { inner: innerFacts } : {}) };
    },
  };
};

export const ragProvider: ProviderDefinition<typeof RagConfigSchema> = {
  description: 'Pipeline RAG : recherche lexicale (BM25) dans un corpus local, puis réponse d’un autre modèle de la configuration',
  config: RagConfigSchema,
  create: createRagProvider,
  innerModel: (config) => config.model,
};
