/**
 * A loopback stand-in for an Ollama server, speaking the wire format of Ollama's REST API
 * (docs.ollama.com/api: `POST /api/chat` as NDJSON when streaming, `POST /api/show`,
 * `GET /api/tags`, and the `{"error": …}` body with 404 for a model that is not pulled).
 * Durations on the wire are nanoseconds, as in the real API. Tests script each chat answer with
 * `respond`; every request is recorded so tests can check what went on the wire.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined for GET or an empty body). */
  body: unknown;
};

/** A model the fake server has "pulled". */
export type OllamaModelEntry = {
  name: string;
  digest: string;
  sizeBytes?: number;
  details?: { format?: string; family?: string; parameter_size?: string; quantization_level?: string };
};

/** How the server answers one `/api/chat` request. */
export type OllamaChatScript =
  | {
      /** Content pieces, one NDJSON line each (joined into one message when `stream: false`). */
      pieces: string[];
      doneReason?: string;
      /** Token counts of the final object; `null` leaves the field out. */
      promptEvalCount?: number | null;
      evalCount?: number | null;
      /** Durations of the final object, in nanoseconds. */
      durationsNs?: { total?: number; load?: number; promptEval?: number; eval?: number };
      /** Pause before each piece, in ms (lets a test abort mid-stream). */
      delayMs?: number;
      /** Stop after the pieces without sending the final `done: true` object or ending the response. */
      stall?: boolean;
    }
  | { status: number; error: string };

export type OllamaChatRequestBody = {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  format?: unknown;
  options?: Record<string, unknown>;
  keep_alive?: string | number;
};

export type OllamaServerOptions = {
  /** Pulled models; requests naming any other model get Ollama's 404. Default: one `qwen2.5:3b`. */
  models?: OllamaModelEntry[];
  /** Chat answer for a known model. Default: echoes the last message in two pieces. */
  respond?: (body: OllamaChatRequestBody) => OllamaChatScript;
};

export type FakeServer = { url: string; requests: RecordedRequest[]; close(): Promise<void> };

/** Default pulled model; the digest is made up (64 hex digits, like Ollama's sha256 digests). */
export const DEFAULT_OLLAMA_MODEL: OllamaModelEntry = {
  name: 'qwen2.5:3b',
  digest: `feedc0ffee42${'0'.repeat(52)}`,
  sizeBytes: 1_929_912_432,
  details: { format: 'gguf', family: 'qwen2', parameter_size: '3.1B', quantization_level: 'Q4_K_M' },
};

const CREATED_AT = '2025-01-01T00:00:00.000000000Z';

const echo = (body: OllamaChatRequestBody): OllamaChatScript => {
  const last = body.messages.at(-1)?.content ?? '';
  const half = Math.ceil(last.length / 2);
  return { pieces: [last.slice(0, half), last.slice(half)], promptEvalCount: 10, evalCount: 2 };
};

const readBody = async (req: IncomingMessage): Promise<unknown> => {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
};

const sendJson = (res: ServerResponse, status: number, value: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Ollama's answer for a model that is not pulled (wording as in ollama/ollama PR #718 and later). */
const notFound = (res: ServerResponse, model: string): void =>
  sendJson(res, 404, { error: `model "${model}" not found, try pulling it first` });

const finalFields = (script: Extract<OllamaChatScript, { pieces: string[] }>): Record<string, unknown> => {
  const d = script.durationsNs ?? {};
  const fields: Record<string, unknown> = {
    done_reason: script.doneReason ?? 'stop',
    total_duration: d.total ?? 1_500_000_000,
    load_duration: d.load ?? 250_000_000,
    prompt_eval_duration: d.promptEval ?? 200_000_000,
    eval_duration: d.eval ?? 1_000_000_000,
  };
  if (script.promptEvalCount !== null) fields.prompt_eval_count = script.promptEvalCount ?? 10;
  if (script.evalCount !== null) fields.eval_count = script.evalCount ?? script.pieces.length;
  return fields;
};

const handleChat = async (
  body: OllamaChatRequestBody,
  res: ServerResponse,
  script: OllamaChatScript,
): Promise<void> => {
  if ('status' in script) return sendJson(res, script.status, { error: script.error });
  const head = { model: body.model, created_at: CREATED_AT };
  if (body.stream === false) {
    const message = { role: 'assistant', content: script.pieces.join('') };
    return sendJson(res, 200, { ...head, message, done: true, ...finalFields(script) });
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  for (const piece of script.pieces) {
    if (script.delayMs) await sleep(script.delayMs);
    if (res.destroyed) return;
    res.write(`${JSON.stringify({ ...head, message: { role: 'assistant', content: piece }, done: false })}\n`);
  }
  if (script.stall) return;
  const last = { ...head, message: { role: 'assistant', content: '' }, done: true, ...finalFields(script) };
  res.end(`${JSON.stringify(last)}\n`);
};

/** Starts the fake Ollama on 127.0.0.1 with an ephemeral port. */
export const startOllamaServer = async (opts: OllamaServerOptions = {}): Promise<FakeServer> => {
  const models = opts.models ?? [DEFAULT_OLLAMA_MODEL];
  const respond = opts.respond ?? echo;
  const requests: RecordedRequest[] = [];
  const find = (name: unknown): OllamaModelEntry | undefined =>
    typeof name === 'string' ? models.find((m) => m.name === name || m.name === `${name}:latest`) : undefined;

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const body = await readBody(req);
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      const asked = (body as { model?: unknown } | undefined)?.model;
      if (req.method === 'GET' && path === '/api/tags') {
        const list = models.map((m) => ({
          name: m.name,
          model: m.name,
          modified_at: CREATED_AT,
          size: m.sizeBytes ?? 0,
          digest: m.digest,
          details: { parent_model: '', families: [m.details?.family ?? ''], ...m.details },
        }));
        return sendJson(res, 200, { models: list });
      }
      if (req.method === 'POST' && path === '/api/show') {
        const model = find(asked);
        if (!model) return notFound(res, String(asked));
        return sendJson(res, 200, {
          modelfile: `FROM ${model.name}`,
          parameters: 'stop "<|im_end|>"',
          template: '{{ .Prompt }}',
          details: { parent_model: '', families: [model.details?.family ?? ''], ...model.details },
          model_info: { 'general.architecture': model.details?.family ?? '' },
          capabilities: ['completion'],
          modified_at: CREATED_AT,
        });
      }
      if (req.method === 'POST' && path === '/api/chat') {
        const chat = body as OllamaChatRequestBody;
        if (!find(chat.model)) return notFound(res, chat.model);
        return handleChat(chat, res, respond(chat));
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found');
    })().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(e) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
