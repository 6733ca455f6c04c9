/**
 * OpenAI-compatible provider: any server speaking OpenAI's chat completions API (OpenAI itself,
 * Albert, vLLM, llama.cpp server, LiteLLM…), through the official `openai` client. Streams by
 * default to time the first token; the client's retries are off because the runner owns retries,
 * and its timeout is out of the way because the runner's signal bounds each request.
 */
import { APIConnectionError, APIError, OpenAI } from 'openai';
import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { z } from 'zod';
import { HarnessError } from '../core/errors.js';
import { estimateTokens } from './estimate-tokens.js';
import { errorFromStatus, errorFromTransport, isContextLengthMessage, requestFault, sanitizeBody } from './http-errors.js';
import type { HttpErrorContext } from './http-errors.js';
import { replayClosedConnection } from './replay-closed-connection.js';
import type { Completion, CompletionRequest, ModelBase, Provider, ProviderDefinition, ProviderDeps } from './types.js';

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "nom de variable d'environnement attendu, par exemple OPENAI_API_KEY" });

const baseUrl = z
  .url({ protocol: /^https?$/, error: 'adresse http(s) attendue, par exemple http://127.0.0.1:8000/v1' })
  // fetch refuses such URLs and would repeat them, password included, in its error message.
  .refine((u) => !/^https?:\/\/[^/]*@/.test(u), {
    error: 'pas d’identifiants dans baseUrl : mettez-les dans headers (Authorization) ou dans apiKeyEnv',
  });

const fields = {
  /** API root including the version segment (`https://api.openai.com/v1`, `http://127.0.0.1:8000/v1`). */
  baseUrl,
  /** The server's model name (`gpt-4o-mini`, `Qwen/Qwen2.5-7B-Instruct`). */
  model: z.string().min(1),
  /** Name of the environment variable holding the API key (never the key); none for local servers. */
  apiKeyEnv: envName.optional(),
  /** Extra HTTP headers (a gateway's authentication, for instance); they override the client's. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Stream the answer (needed for time to first token); some gateways only answer in one piece. */
  stream: z.boolean().default(true),
};

/** Provider-specific fields of an `openai-compatible` model block. */
export const OpenAICompatibleConfigSchema = z.strictObject(fields);
export type OpenAICompatibleConfig = z.infer<typeof OpenAICompatibleConfigSchema>;

/** Source: OpenAI API reference, "Authentication" and base URL. */
const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** The `openai` preset: OpenAI's own API, key in OPENAI_API_KEY unless told otherwise. */
export const OpenAIConfigSchema = z.strictObject({
  ...fields,
  baseUrl: baseUrl.default(OPENAI_BASE_URL),
  apiKeyEnv: envName.default('OPENAI_API_KEY'),
});

// The client refuses to start without a key, but local servers (vLLM, llama.cpp) started without
// `--api-key` ignore the Authorization header: a placeholder that is no secret lets them be used.
const NO_KEY = 'sans-cle';

// The client aborts each request after `timeout` ms (10 minutes by default); the runner already
// bounds requests through `req.signal`, so this is set to the largest delay setTimeout accepts.
const MAX_TIMER_MS = 2_147_483_647;

/** Name given to the schema in `response_format.json_schema` (the API requires one). */
const SCHEMA_NAME = 'answer';

type Fetch = typeof globalThis.fetch;

/** Bound on the one `GET /models` made for the manifest, so a silent gateway never delays the run long. */
const DESCRIBE_TIMEOUT_MS = 5_000;

/** Keeps the scalar fields of a server's model entry, one level deep (llama.cpp's `meta`), short texts only. */
const plainFacts = (o: Record<string, unknown>, depth = 0): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(o).flatMap(([k, v]): [string, unknown][] => {
      if (typeof v === 'number' || typeof v === 'boolean') return [[k, v]];
      if (typeof v === 'string') return [[k, sanitizeBody(v, 200)]];
      if (depth === 0 && v && typeof v === 'object' && !Array.isArray(v)) return [[k, plainFacts(v as Record<string, unknown>, 1)]];
      return [];
    }),
  );

// The client keeps only the `error` member of an error body; older vLLM and some proxies put the
// message at the top level, so such bodies are nested first to keep their explanation.
const nestErrorBodies = (fetch: Fetch): Fetch =>
  (async (input: Parameters<Fetch>[0], init?: RequestInit) => {
    const res = await fetch(input, init);
    if (res.ok || !res.headers.get('content-type')?.includes('json')) return res;
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const nest = parsed !== null && typeof parsed === 'object' && !('error' in parsed);
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    const body = nest ? JSON.stringify({ error: parsed }) : text;
    return new Response(body, { status: res.status, statusText: res.statusText, headers });
  }) as Fetch;

/** fetch's refusal of a redirect (`redirect: 'error'`), somewhere in the causes the client wraps it in. */
const isRefusedRedirect = (e: unknown): boolean => {
  for (let c: unknown = e, depth = 0; c instanceof Error && depth < 5; c = c.cause, depth++) {
    if (c.message === 'unexpected redirect') return true;
  }
  return false;
};

/** The explanation a server gave with an error status, as far as the client kept it. */
const errorDetail = (e: APIError): string => {
  const err: unknown = e.error;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object') {
    const message = (err as { message?: unknown }).message;
    return typeof message === 'string' ? message : JSON.stringify(err);
  }
  return e.message.replace(/^\d{3}\s*/, '').replace(/^status code \(no body\)$/, '');
};

/** The machine-readable code or type next to the message (OpenAI's `context_length_exceeded`, llama.cpp's `exceed_context_size_error`). */
const vendorCodeOf = (e: APIError): string | undefined => {
  const parts = [e.code, e.type].filter((v): v is string => typeof v === 'string' && v.length > 0);
  return parts.length > 0 ? parts.join(' ') : undefined;
};

type Body = ChatCompletionCreateParamsBase;

const responseFormatOf = (format: CompletionRequest['responseFormat']): Body['response_format'] => {
  if (!format) return undefined;
  if (!format.schema) return { type: 'json_object' };
  return { type: 'json_schema', json_schema: { name: SCHEMA_NAME, schema: format.schema, strict: false } };
};

const toMessage = (m: CompletionRequest['messages'][number]): ChatCompletionMessageParam =>
  m.role === 'system'
    ? { role: 'system', content: m.content }
    : m.role === 'assistant'
      ? { role: 'assistant', content: m.content }
      : { role: 'user', content: m.content };

const identityOf = (r: { model?: unknown; system_fingerprint?: unknown }): string | undefined => {
  if (typeof r.model !== 'string' || r.model.length === 0) return undefined;
  const fingerprint = typeof r.system_fingerprint === 'string' ? r.system_fingerprint : '';
  return fingerprint ? `${r.model} (${fingerprint})` : r.model;
};

/** A non-streamed answer as read defensively (fields may be missing on a non-conforming server). */
type WholeAnswer = { choices?: unknown; usage?: CompletionUsage | null; model?: unknown; system_fingerprint?: unknown };
type WholeChoice = { message?: { content?: unknown }; finish_reason?: string | null };

type Parts = {
  text: string;
  totalMs: number;
  ttftMs?: number | undefined;
  usage?: CompletionUsage | null | undefined;
  modelIdentity?: string | undefined;
  finishReason?: string | null | undefined;
};

const toCompletion = (req: CompletionRequest, p: Parts): Completion => {
  const hasCounts = typeof p.usage?.prompt_tokens === 'number' && typeof p.usage.completion_tokens === 'number';
  return {
    text: p.text,
    usage: hasCounts
      ? { inputTokens: p.usage?.prompt_tokens ?? 0, outputTokens: p.usage?.completion_tokens ?? 0 }
      : { inputTokens: estimateTokens(req.prompt), outputTokens: estimateTokens(p.text), estimated: true },
    timings: { ...(p.ttftMs === undefined ? {} : { ttftMs: p.ttftMs }), totalMs: p.totalMs },
    ...(p.modelIdentity ? { modelIdentity: p.modelIdentity } : {}),
    truncated: p.finishReason === 'length',
  };
};

const createProvider = (model: ModelBase & OpenAICompatibleConfig, deps: ProviderDeps): Provider => {
  const { apiKeyEnv } = model;
  const ctx: HttpErrorContext = { modelId: model.id, model: model.model, ...(apiKeyEnv ? { apiKeyEnv } : {}) };
  const apiKey = apiKeyEnv ? deps.env[apiKeyEnv] : undefined;
  if (apiKeyEnv && !apiKey) {
    const message = `${model.id} : la variable d'environnement ${apiKeyEnv} est vide ou absente`;
    throw new HarnessError('missing-secret', message, { hint: `définissez ${apiKeyEnv} avec la clé d'API du service` });
  }
  const client = new OpenAI({
    apiKey: apiKey ?? NO_KEY,
    baseURL: model.baseUrl,
    // Explicit nulls: otherwise the client reads OPENAI_ORG_ID, OPENAI_ADMIN_KEY… from process.env.
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    ...(model.headers ? { defaultHeaders: model.headers } : {}),
    fetch: nestErrorBodies(replayClosedConnection(deps.fetch)),
    // Case data goes to the host of baseUrl only, the one the hosting policy checked and the egress
    // ledger records: a redirect (307/308 keep the body) would carry it elsewhere, so none is
    // followed. Also spares fetch its per-request copy of the body (undici clones a request whose
    // redirects it may follow).
    fetchOptions: { redirect: 'error' },
    maxRetries: 0,
    timeout: MAX_TIMER_MS,
    // The client's logger prints unparsable chunks and, at debug level, request details.
    logLevel: 'off',
  });

  const bad = (what: string, cause?: unknown): HarnessError =>
    new HarnessError('bad-response', `${model.id} : réponse inexploitable — ${what}`, { cause });

  const toError = (e: unknown, signal: AbortSignal): HarnessError => {
    if (e instanceof HarnessError) return e;
    if (!signal.aborted && e instanceof APIError && typeof e.status === 'number') {
      return errorFromStatus(e.status, errorDetail(e), e.headers?.get('retry-after'), ctx, vendorCodeOf(e));
    }
    // A server that fails mid-stream sends `data: {"error": …}`: an APIError without a status.
    if (!signal.aborted && e instanceof APIError && !(e instanceof APIConnectionError)) {
      const detail = sanitizeBody(errorDetail(e));
      if (isContextLengthMessage(`${detail} ${vendorCodeOf(e) ?? ''}`)) return requestFault(ctx, detail, undefined, vendorCodeOf(e));
      return new HarnessError('provider-error', `${model.id} : erreur signalée pendant la réponse — ${detail}`, { cause: e });
    }
    if (!signal.aborted && e instanceof SyntaxError) return bad(`JSON invalide (${sanitizeBody(e.message, 120)})`, e);
    if (!signal.aborted && isRefusedRedirect(e)) {
      return new HarnessError('unreachable', `${model.id} : le serveur a répondu par une redirection, qui n’est pas suivie (les données ne partent que vers l’hôte de baseUrl)`, {
        hint: 'mettez dans baseUrl l’adresse finale du service (par exemple https:// au lieu de http://)',
      });
    }
    return errorFromTransport(e, ctx, signal);
  };

  // Defence in depth: a server may repeat the key it received; it never reaches a message, and the
  // cause (whose text may hold more of the server's words than the message) is then dropped.
  const redact = (e: HarnessError): HarnessError => {
    const causeText = e.cause instanceof Error ? e.cause.message : '';
    if (!apiKey || !`${e.message}\n${e.hint ?? ''}\n${causeText}`.includes(apiKey)) return e;
    const scrub = (s: string): string => s.split(apiKey).join('***');
    return new HarnessError(e.code, scrub(e.message), {
      ...(e.hint ? { hint: scrub(e.hint) } : {}),
      ...(e.retryAfterS === undefined ? {} : { retryAfterS: e.retryAfterS }),
    });
  };

  /**
   * The server's own description of the model (`GET /models`): its exact id, owner and, for
   * llama.cpp, parameters and context it was trained with. Best effort, bounded: a gateway that
   * does not list models leaves it out.
   */
  const serverEntry = async (signal: AbortSignal): Promise<Record<string, unknown> | undefined> => {
    try {
      const page = await client.models.list({ signal: AbortSignal.any([signal, AbortSignal.timeout(DESCRIBE_TIMEOUT_MS)]) });
      const entries = Array.isArray(page.data) ? page.data : [];
      // llama.cpp's server lists its one model under the file name, whatever name the request uses.
      const entry = entries.find((e) => e.id === model.model) ?? (entries.length === 1 ? entries[0] : undefined);
      return entry ? plainFacts(entry as unknown as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };

  const streamed = async (body: Body, req: CompletionRequest, startedMs: number): Promise<Completion> => {
    const stream = await client.chat.completions.create(
      { ...body, stream: true, stream_options: { include_usage: true } },
      { signal: req.signal },
    );
    let text = '';
    let ttftMs: number | undefined;
    let sawChoice = false;
    let modelIdentity: string | undefined;
    let finishReason: string | null | undefined;
    let usage: CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      modelIdentity = identityOf(chunk) ?? modelIdentity;
      usage = chunk.usage ?? usage;
      const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
      const choice = choices.find((c) => c.index === 0) ?? choices[0];
      if (!choice) continue;
      sawChoice = true;
      const piece = typeof choice.delta?.content === 'string' ? choice.delta.content : '';
      if (piece.length > 0 && ttftMs === undefined) ttftMs = deps.now() - startedMs;
      text += piece;
      finishReason = choice.finish_reason ?? finishReason;
    }
    const totalMs = deps.now() - startedMs;
    // The client ends its event stream quietly when aborted; the caller asked for an error.
    if (req.signal.aborted) throw errorFromTransport(req.signal.reason, ctx, req.signal);
    if (!sawChoice) throw bad('le flux s’est terminé sans aucun choix');
    return toCompletion(req, { text, ttftMs, totalMs, usage, modelIdentity, finishReason });
  };

  const whole = async (body: Body, req: CompletionRequest, startedMs: number): Promise<Completion> => {
    // Typed as unknown: a server that answers 200 with HTML or a bare string gets here too.
    const completion: unknown = await client.chat.completions.create({ ...body, stream: false }, { signal: req.signal });
    const totalMs = deps.now() - startedMs;
    const r = (completion ?? {}) as WholeAnswer;
    const choice = Array.isArray(r.choices) ? (r.choices[0] as WholeChoice | undefined) : undefined;
    if (!choice) throw bad('aucun choix dans la réponse');
    const text = typeof choice.message?.content === 'string' ? choice.message.content : '';
    const finishReason = choice.finish_reason;
    return toCompletion(req, { text, totalMs, usage: r.usage, modelIdentity: identityOf(r), finishReason });
  };

  return {
    id: model.id,
    hosting: model.hosting,

    async complete(req: CompletionRequest): Promise<Completion> {
      const { temperature, maxTokens, seed, stop } = req.params;
      const responseFormat = responseFormatOf(req.responseFormat);
      const body: Body = {
        model: model.model,
        messages: req.messages.map(toMessage),
        ...(temperature === undefined ? {} : { temperature }),
        ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
        ...(seed === undefined ? {} : { seed }),
        ...(stop === undefined || stop.length === 0 ? {} : { stop }),
        ...(responseFormat ? { response_format: responseFormat } : {}),
      };
      const startedMs = deps.now();
      try {
        return await (model.stream ? streamed(body, req, startedMs) : whole(body, req, startedMs));
      } catch (e) {
        throw redact(toError(e, req.signal));
      }
    },

    async describe(signal: AbortSignal): Promise<Record<string, unknown>> {
      const url = new URL(model.baseUrl);
      url.username = '';
      url.password = '';
      url.search = '';
      url.hash = '';
      const facts = { provider: model.provider, baseUrl: url.toString().replace(/\/$/, ''), model: model.model };
      const server = await serverEntry(signal);
      return server ? { ...facts, server } : facts;
    },
  };
};

export const openaiCompatibleProvider: ProviderDefinition<typeof OpenAICompatibleConfigSchema> = {
  description: 'Tout serveur compatible avec l’API OpenAI (vLLM, llama.cpp, Albert, LiteLLM…), via le client officiel',
  config: OpenAICompatibleConfigSchema,
  requiredEnv: (config) => (config.apiKeyEnv ? [config.apiKeyEnv] : []),
  create: createProvider,
};

export const openaiProvider: ProviderDefinition<typeof OpenAIConfigSchema> = {
  description: 'Modèles d’OpenAI (api.openai.com), clé dans OPENAI_API_KEY par défaut',
  config: OpenAIConfigSchema,
  requiredEnv: (config) => [config.apiKeyEnv],
  create: createProvider,
};
