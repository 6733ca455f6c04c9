/**
 * Mistral provider: Mistral AI's hosted models (La Plateforme, or a compatible endpoint given by
 * `baseUrl`), through the official `@mistralai/mistralai` SDK. Streams the chat completion to
 * time the first token; the SDK's own retries are off because the runner owns retries.
 */
import type { ChatCompletionStreamRequest, ContentChunk, ResponseFormat } from '@mistralai/mistralai/models/components';
import { z } from 'zod';
import { HarnessError } from '../core/errors.js';
import { estimateTokens } from './estimate-tokens.js';
import { errorFromStatus, errorFromTransport, sanitizeBody } from './http-errors.js';
import type { HttpErrorContext } from './http-errors.js';
import type { Completion, CompletionRequest, ProviderDefinition } from './types.js';

/** Provider-specific fields of a `mistral` model block. */
export const MistralConfigSchema = z.strictObject({
  /** Server root without `/v1` (the SDK's default is https://api.mistral.ai). */
  baseUrl: z.url({ protocol: /^https?$/, error: 'adresse http(s) attendue, par exemple https://api.mistral.ai' }).optional(),
  /** Mistral's model name (`mistral-small-latest`). */
  model: z.string().min(1),
  /** Name of the environment variable holding the API key (never the key itself). */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "nom de variable d'environnement attendu, par exemple MISTRAL_API_KEY" })
    .default('MISTRAL_API_KEY'),
});
export type MistralConfig = z.infer<typeof MistralConfigSchema>;

// The SDK logs every request, Authorization header included, to the console when MISTRAL_DEBUG is
// set in the environment; a silent logger keeps the key out of any output.
const SILENT_LOGGER = { group: () => undefined, groupEnd: () => undefined, log: () => undefined };

/** Name given to the schema in `response_format.json_schema` (the API requires one). */
const SCHEMA_NAME = 'reponse';

const responseFormatOf = (format: CompletionRequest['responseFormat']): ResponseFormat | undefined => {
  if (!format) return undefined;
  if (!format.schema) return { type: 'json_object' };
  return { type: 'json_schema', jsonSchema: { name: SCHEMA_NAME, schemaDefinition: format.schema, strict: true } };
};

/** Text of a streamed delta: a string, or chunks of which only the `text` ones are answer text. */
const textOf = (content: string | ContentChunk[] | null | undefined): string => {
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content.map((c) => (c.type === 'text' && 'text' in c && typeof c.text === 'string' ? c.text : '')).join('');
};

const toMessages = (req: CompletionRequest): ChatCompletionStreamRequest['messages'] =>
  req.messages.map((m) => {
    if (m.role === 'system') return { role: 'system' as const, content: m.content };
    if (m.role === 'assistant') return { role: 'assistant' as const, content: m.content };
    return { role: 'user' as const, content: m.content };
  });

export const mistralProvider: ProviderDefinition<typeof MistralConfigSchema> = {
  description: 'Modèles de Mistral AI (La Plateforme ou point d’accès compatible), via le SDK officiel',
  config: MistralConfigSchema,
  requiredEnv: (config) => [config.apiKeyEnv],
  create(model, deps) {
    const ctx: HttpErrorContext = { modelId: model.id, model: model.model, apiKeyEnv: model.apiKeyEnv };
    const apiKey = deps.env[model.apiKeyEnv];
    // The SDK is large (about 0.6 s to import): loaded on the first request, not at start-up.
    const loadSdk = async () => {
      const [{ HTTPClient, Mistral }, errors] = await Promise.all([
        import('@mistralai/mistralai'),
        import('@mistralai/mistralai/models/errors'),
      ]);
      const client = new Mistral({
        ...(apiKey ? { apiKey } : {}),
        ...(model.baseUrl ? { serverURL: model.baseUrl } : {}),
        httpClient: new HTTPClient({ fetcher: (input, init) => deps.fetch(input, init) }),
        retryConfig: { strategy: 'none' },
        debugLogger: SILENT_LOGGER,
      });
      return { client, errors };
    };
    let sdkPromise: ReturnType<typeof loadSdk> | undefined;

    const toError = (e: unknown, signal: AbortSignal, errors: Awaited<ReturnType<typeof loadSdk>>['errors']): HarnessError => {
      const { MistralError, ResponseValidationError, SDKValidationError } = errors;
      if (e instanceof HarnessError) return e;
      if (!signal.aborted && e instanceof MistralError) {
        return errorFromStatus(e.statusCode, e.body, e.headers.get('retry-after'), ctx);
      }
      if (!signal.aborted && (e instanceof SDKValidationError || e instanceof ResponseValidationError)) {
        return new HarnessError('bad-response', `${model.id} : réponse de Mistral illisible — ${sanitizeBody(e.message)}`, {
          cause: e,
        });
      }
      return errorFromTransport(e, ctx, signal);
    };

    return {
      id: model.id,
      hosting: model.hosting,

      async complete(req: CompletionRequest): Promise<Completion> {
        if (!apiKey) {
          throw new HarnessError('missing-secret', `${model.id} : la variable d'environnement ${model.apiKeyEnv} est vide ou absente`, {
            hint: `définissez ${model.apiKeyEnv} avec votre clé d'API Mistral`,
          });
        }
        const { temperature, maxTokens, seed, stop } = req.params;
        const responseFormat = responseFormatOf(req.responseFormat);
        const request: ChatCompletionStreamRequest = {
          model: model.model,
          messages: toMessages(req),
          ...(temperature === undefined ? {} : { temperature }),
          ...(maxTokens === undefined ? {} : { maxTokens }),
          ...(seed === undefined ? {} : { randomSeed: seed }),
          ...(stop === undefined || stop.length === 0 ? {} : { stop }),
          ...(responseFormat ? { responseFormat } : {}),
        };
        const startedMs = deps.now();
        let ttftMs: number | undefined;
        let text = '';
        let modelIdentity: string | undefined;
        let finishReason: string | null | undefined;
        let reported: { promptTokens?: number | undefined; completionTokens?: number | undefined } | undefined;
        const sdk = await (sdkPromise ??= loadSdk());
        try {
          const stream = await sdk.client.chat.stream(request, { signal: req.signal });
          for await (const event of stream) {
            const chunk = event.data;
            modelIdentity = chunk.model || modelIdentity;
            if (chunk.usage) reported = chunk.usage;
            const choice = chunk.choices[0];
            if (!choice) continue;
            const piece = textOf(choice.delta.content);
            if (piece.length > 0 && ttftMs === undefined) ttftMs = deps.now() - startedMs;
            text += piece;
            finishReason = choice.finishReason ?? finishReason;
          }
        } catch (e) {
          throw toError(e, req.signal, sdk.errors);
        }
        const totalMs = deps.now() - startedMs;
        // An aborted body can end the SDK's event stream quietly; the caller asked for an error.
        if (req.signal.aborted) throw errorFromTransport(req.signal.reason, ctx, req.signal);

        const hasCounts = typeof reported?.promptTokens === 'number' && typeof reported.completionTokens === 'number';
        return {
          text,
          usage: {
            inputTokens: reported?.promptTokens ?? estimateTokens(req.prompt),
            outputTokens: reported?.completionTokens ?? estimateTokens(text),
            ...(hasCounts ? {} : { estimated: true }),
          },
          timings: { ...(ttftMs === undefined ? {} : { ttftMs }), totalMs },
          ...(modelIdentity ? { modelIdentity } : {}),
          truncated: finishReason === 'length',
        };
      },
    };
  },
};
