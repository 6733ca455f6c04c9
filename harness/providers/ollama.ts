/**
 * Ollama provider: a model served by a local or on-prem Ollama, through the official `ollama`
 * client. It streams `/api/chat` to time the first token and reports Ollama's own timings (model
 * load, prompt evaluation, generation) so latency and energy can be split by phase.
 */
import type { ChatRequest, ChatResponse, ModelResponse, Ollama } from 'ollama';
import { z } from 'zod';
import { HarnessError } from '../core/errors.js';
import { estimateTokens } from './estimate-tokens.js';
import { errorFromStatus, errorFromTransport } from './http-errors.js';
import type { HttpErrorContext } from './http-errors.js';
import { replayClosedConnection } from './replay-closed-connection.js';
import type { Completion, CompletionRequest, ProviderDefinition } from './types.js';

/** Provider-specific fields of an `ollama` model block. */
export const OllamaConfigSchema = z.strictObject({
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'adresse http(s) attendue, par exemple http://127.0.0.1:11434' })
    .default('http://127.0.0.1:11434'),
  /** Ollama's model name, as in `ollama list` (`qwen2.5:3b`). */
  model: z.string().min(1),
  /** How long Ollama keeps the model loaded after a request (`5m`, or seconds). */
  keepAlive: z.union([z.string().min(1), z.number()]).optional(),
  /** Context window in tokens (`num_ctx`); Ollama's default applies when absent. */
  numCtx: z.number().int().positive().optional(),
  /** Extra HTTP headers (a reverse proxy's authentication, for instance). */
  headers: z.record(z.string(), z.string()).optional(),
});
export type OllamaConfig = z.infer<typeof OllamaConfigSchema>;

const NS_PER_MS = 1_000_000;
/** `ollama list` shows the first 12 hex digits of the digest as the model ID. */
const DIGEST_PREFIX_LENGTH = 12;
/** Bound on the one `/api/tags` look-up made for the model identity, so a completion never waits on it long. */
const DIGEST_LOOKUP_TIMEOUT_MS = 5_000;

type Fetch = typeof globalThis.fetch;

// The client console.logs while reading an error body that is not JSON (a proxy's page, a bare
// "404 page not found"); giving it the same text in Ollama's `{"error"}` shape keeps the console quiet.
const asJsonError = async (res: Response): Promise<Response> => {
  if (res.ok || res.headers.get('content-type')?.includes('application/json')) return res;
  const text = (await res.text()).trim();
  const body = JSON.stringify({ error: text || `HTTP ${res.status}` });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: { 'content-type': 'application/json' } });
};

// The client only exposes abort() once a stream has started, and not at all for show/list: binding
// its fetch to the caller's signal also covers a connection that hangs before the first byte.
const bindFetch = (fetch: Fetch, signal: AbortSignal): Fetch =>
  (async (input: Parameters<Fetch>[0], init?: RequestInit) =>
    asJsonError(
      await fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
    )) as Fetch;

const statusOf = (e: unknown): number | undefined => {
  const status = (e as { status_code?: unknown } | null)?.status_code;
  return typeof status === 'number' ? status : undefined;
};

const findModel = (models: ModelResponse[], name: string): ModelResponse | undefined =>
  models.find((m) => m.name === name || m.model === name || m.name === `${name}:latest`);

const msOf = (ns: number | undefined): number | undefined => (typeof ns === 'number' ? ns / NS_PER_MS : undefined);

/** Ollama's own timings from the final chunk, converted from ns to ms; absent fields are left out. */
const backendTimings = (last: ChatResponse): Record<string, number> => {
  const entries: [string, number | undefined][] = [
    ['loadMs', msOf(last.load_duration)],
    ['promptEvalMs', msOf(last.prompt_eval_duration)],
    ['evalMs', msOf(last.eval_duration)],
    ['totalMs', msOf(last.total_duration)],
    ['promptEvalCount', last.prompt_eval_count],
    ['evalCount', last.eval_count],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, number] => typeof e[1] === 'number'));
};

/** The client package, imported on the first Ollama call: a campaign without Ollama never loads it. */
let ollamaModule: Promise<typeof import('ollama')> | undefined;
const loadOllama = (): Promise<typeof import('ollama')> => (ollamaModule ??= import('ollama'));

const dropUndefined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export const ollamaProvider: ProviderDefinition<typeof OllamaConfigSchema> = {
  description: 'Modèle servi par Ollama (local ou sur site), via son API /api/chat en flux',
  config: OllamaConfigSchema,
  create(model, deps) {
    const ctx: HttpErrorContext = { modelId: model.id, model: model.model };
    const clientFor = async (signal: AbortSignal): Promise<Ollama> =>
      new (await loadOllama()).Ollama({
        host: model.baseUrl,
        fetch: bindFetch(replayClosedConnection(deps.fetch), signal),
        ...(model.headers ? { headers: model.headers } : {}),
      });

    const toError = (e: unknown, signal: AbortSignal): HarnessError => {
      const status = statusOf(e);
      if (signal.aborted || status === undefined) return errorFromTransport(e, ctx, signal);
      const message = e instanceof Error ? e.message : String(e);
      // "model … not found, try pulling it first" means not pulled; a bare 404 is rather a wrong baseUrl.
      const notPulled = status === 404 && /not found/i.test(message) && /pull/i.test(message);
      return errorFromStatus(status, message, null, notPulled ? { ...ctx, notFoundHint: `ollama pull ${model.model}` } : ctx);
    };

    let digest: Promise<string | undefined> | undefined;
    const lookupDigest = (): Promise<string | undefined> => {
      digest ??= clientFor(AbortSignal.timeout(DIGEST_LOOKUP_TIMEOUT_MS))
        .then((client) => client.list())
        .then((list) => findModel(list.models, model.model)?.digest.replace(/^sha256:/, ''))
        .catch(() => undefined);
      return digest;
    };

    const chatRequest = (req: CompletionRequest): ChatRequest & { stream: true } => {
      const { temperature, seed, maxTokens, stop } = req.params;
      const options = dropUndefined({ temperature, seed, num_predict: maxTokens, num_ctx: model.numCtx, stop: stop?.length ? stop : undefined });
      return {
        model: model.model,
        messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
        stream: true,
        options,
        ...(req.responseFormat ? { format: req.responseFormat.schema ?? 'json' } : {}),
        ...(model.keepAlive === undefined ? {} : { keep_alive: model.keepAlive }),
      };
    };

    return {
      id: model.id,
      hosting: model.hosting,

      async complete(req: CompletionRequest): Promise<Completion> {
        const identity = lookupDigest();
        const startedMs = deps.now();
        let ttftMs: number | undefined;
        let text = '';
        let last: ChatResponse | undefined;
        try {
          const stream = await (await clientFor(req.signal)).chat(chatRequest(req));
          for await (const chunk of stream) {
            const piece = chunk.message?.content ?? '';
            if (piece.length > 0 && ttftMs === undefined) ttftMs = deps.now() - startedMs;
            text += piece;
            if (chunk.done) last = chunk;
          }
        } catch (e) {
          throw toError(e, req.signal);
        }
        const totalMs = deps.now() - startedMs;
        // The client throws when the stream ends without `done`; this guards a misbehaving proxy.
        if (!last) throw new HarnessError('bad-response', `${model.id} : réponse d'Ollama incomplète (pas de fin de flux)`);

        const hasCounts = typeof last.prompt_eval_count === 'number' && typeof last.eval_count === 'number';
        const usage = {
          inputTokens: last.prompt_eval_count ?? estimateTokens(req.prompt),
          outputTokens: last.eval_count ?? estimateTokens(text),
          ...(hasCounts ? {} : { estimated: true }),
        };
        const knownDigest = await identity;
        return {
          text,
          usage,
          timings: { ...(ttftMs === undefined ? {} : { ttftMs }), totalMs, backend: backendTimings(last) },
          modelIdentity: knownDigest ? `${model.model}@${knownDigest.slice(0, DIGEST_PREFIX_LENGTH)}` : last.model,
          truncated: last.done_reason === 'length',
        };
      },

      async describe(signal: AbortSignal): Promise<Record<string, unknown>> {
        try {
          const client = await clientFor(signal);
          const [show, list] = await Promise.all([client.show({ model: model.model }), client.list()]);
          const entry = findModel(list.models, model.model);
          const fullDigest = entry?.digest.replace(/^sha256:/, '');
          if (fullDigest) digest = Promise.resolve(fullDigest);
          return dropUndefined({
            provider: 'ollama',
            model: model.model,
            digest: fullDigest,
            parameterSize: show.details?.parameter_size,
            quantizationLevel: show.details?.quantization_level,
            family: show.details?.family,
            format: show.details?.format,
            sizeBytes: entry?.size,
            numCtx: model.numCtx,
            keepAlive: model.keepAlive,
          });
        } catch (e) {
          throw toError(e, signal);
        }
      },
    };
  },
};
