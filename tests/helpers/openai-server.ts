/**
 * A loopback stand-in for an OpenAI-compatible API (OpenAI, vLLM, llama.cpp server…), shaped after
 * OpenAI's API reference for `POST /v1/chat/completions` and `GET /v1/models`:
 * - `stream: true` answers with server-sent events, one `data: {chat.completion.chunk}` per token
 *   (a first chunk carries `role: assistant` and empty content, the last one `finish_reason` and an
 *   empty delta); with `stream_options.include_usage` every chunk has `usage: null` and one more
 *   chunk with `choices: []` and the counts comes before `data: [DONE]`;
 * - otherwise one `chat.completion` object with `usage`;
 * - errors as `{"error": {"message", "type", "param", "code"}}`.
 * Tests script each answer with `respond` (faults included) and read the recorded requests.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
};

export type ChatRequestBody = {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  max_tokens?: number;
  seed?: number;
  response_format?: unknown;
  [key: string]: unknown;
};

/** A normal answer with its details; a bare string is `{ text }`. */
export type ChatAnswer = {
  text: string;
  /** `stop` by default; `length` when the token limit cut the answer. */
  finishReason?: string;
  /** Counts to report; `null` sends no usage at all (as some servers do). Default: counted here. */
  usage?: { promptTokens: number; completionTokens: number } | null;
  /** Model name in the response (default: the requested one). */
  model?: string;
  systemFingerprint?: string;
};

/**
 * How the server answers one chat request:
 * - `{ status, body, headers }`: that HTTP response as is (a string body is sent raw, anything else
 *   as JSON), for error statuses or hand-written streams;
 * - `{ hang: true }`: never answers (with `afterTokens` and `stream: true`: streams that many tokens
 *   of the last user message first, then stalls);
 * - `{ malformed: true }`: a 200 whose JSON (or first SSE event) does not parse;
 * - `{ reset: true }`: destroys the connection (after `afterTokens` streamed tokens, as for hang).
 */
export type ChatReply =
  | string
  | ChatAnswer
  | { status: number; body: unknown; headers?: Record<string, string> }
  | { hang: true; afterTokens?: number }
  | { malformed: true }
  | { reset: true; afterTokens?: number };

export type OpenAIServerOptions = {
  /** Chat answer (may be async). Default: echoes the last user message. */
  respond?: (body: ChatRequestBody) => ChatReply | Promise<ChatReply>;
  /** Pause before each streamed token, in ms (default 0), so streams arrive in real chunks. */
  tokenDelayMs?: number;
  /** When set, requests without `Authorization: Bearer <apiKey>` get OpenAI's 401. */
  apiKey?: string;
  /** Model ids listed by `GET /v1/models` (default: `loopback-model`). */
  models?: string[];
};

export type OpenAIServer = {
  /** Base URL including `/v1`, as `baseUrl` in a model block expects it. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
};

/** OpenAI's error body, e.g. `openaiErrorBody('Rate limit reached', 'requests', 'rate_limit_exceeded')`. */
export const openaiErrorBody = (message: string, type: string, code: string | null = null): Record<string, unknown> => ({
  error: { message, type, param: null, code },
});

/** A fixed `created` timestamp (2025-01-01) keeps recorded answers reproducible. */
const CREATED_S = 1_735_689_600;

const lastUserMessage = (body: ChatRequestBody): string =>
  body.messages?.filter((m) => m.role === 'user').at(-1)?.content ?? 'Bonjour.';

/** Word-sized tokens, each with its leading spaces, so joining them gives the text back. */
export const splitTokens = (text: string): string[] => text.match(/\s*\S+\s*$|\s*\S+/g) ?? (text ? [text] : []);

const countTokens = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** The `usage` object on the wire; undefined when the answer asks for none. */
const usageOf = (body: ChatRequestBody, answer: ChatAnswer): Record<string, number> | undefined => {
  if (answer.usage === null) return undefined;
  const promptTokens = answer.usage?.promptTokens ?? countTokens(JSON.stringify(body.messages ?? []));
  const completionTokens = answer.usage?.completionTokens ?? splitTokens(answer.text).length;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
};

const readBody = async (req: IncomingMessage): Promise<unknown> => {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

const sendJson = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof value === 'string' ? value : JSON.stringify(value));
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const toAnswer = (reply: string | ChatAnswer): ChatAnswer => (typeof reply === 'string' ? { text: reply } : reply);

const streamChat = async (
  body: ChatRequestBody,
  res: ServerResponse,
  answer: ChatAnswer,
  delayMs: number,
  stopAfter?: { tokens: number; then: 'hang' | 'reset' },
): Promise<void> => {
  const withUsage = body.stream_options?.include_usage === true;
  const head = {
    id: 'chatcmpl-loopback',
    object: 'chat.completion.chunk',
    created: CREATED_S,
    model: answer.model ?? body.model,
    ...(answer.systemFingerprint ? { system_fingerprint: answer.systemFingerprint } : {}),
  };
  const send = (choices: unknown[], usage?: unknown): void => {
    const extra = withUsage ? { usage: usage ?? null } : {};
    res.write(`data: ${JSON.stringify({ ...head, choices, ...extra })}\n\n`);
  };
  const choice = (delta: Record<string, unknown>, finish: string | null): unknown => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finish,
  });
  const tokens = splitTokens(answer.text);
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  send([choice({ role: 'assistant', content: '', refusal: null }, null)]);
  for (const [i, token] of tokens.entries()) {
    if (stopAfter && i === stopAfter.tokens) break;
    if (delayMs > 0) await sleep(delayMs);
    if (res.destroyed) return;
    send([choice({ content: token }, null)]);
  }
  if (stopAfter) {
    if (stopAfter.then === 'reset') res.destroy();
    return;
  }
  send([choice({}, answer.finishReason ?? 'stop')]);
  const usage = usageOf(body, answer);
  if (withUsage && usage) send([], usage);
  res.end('data: [DONE]\n\n');
};

const completeChat = (body: ChatRequestBody, res: ServerResponse, answer: ChatAnswer): void => {
  const usage = usageOf(body, answer);
  sendJson(res, 200, {
    id: 'chatcmpl-loopback',
    object: 'chat.completion',
    created: CREATED_S,
    model: answer.model ?? body.model,
    ...(answer.systemFingerprint ? { system_fingerprint: answer.systemFingerprint } : {}),
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: answer.text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: answer.finishReason ?? 'stop',
      },
    ],
    ...(usage ? { usage } : {}),
  });
};

const handleChat = async (
  body: ChatRequestBody,
  req: IncomingMessage,
  res: ServerResponse,
  reply: ChatReply,
  delayMs: number,
): Promise<void> => {
  if (typeof reply === 'object' && 'status' in reply) return sendJson(res, reply.status, reply.body, reply.headers);
  if (typeof reply === 'object' && 'malformed' in reply) {
    if (!body.stream) return sendJson(res, 200, '{"id": "chatcmpl-loopback", "choices": [');
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
    res.end('data: {"id": "chatcmpl-loopback", "choices": [\n\ndata: [DONE]\n\n');
    return;
  }
  if (typeof reply === 'object' && ('hang' in reply || 'reset' in reply)) {
    const then = 'hang' in reply ? 'hang' : 'reset';
    if (reply.afterTokens !== undefined && body.stream) {
      return streamChat(body, res, { text: lastUserMessage(body) }, delayMs, { tokens: reply.afterTokens, then });
    }
    if (then === 'reset') req.socket.destroy();
    return;
  }
  const answer = toAnswer(reply);
  return body.stream ? streamChat(body, res, answer, delayMs) : completeChat(body, res, answer);
};

/** Starts the fake API on 127.0.0.1 with an ephemeral port; `url` ends with `/v1`. */
export const startOpenAIServer = async (opts: OpenAIServerOptions = {}): Promise<OpenAIServer> => {
  const respond = opts.respond ?? lastUserMessage;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const body = await readBody(req);
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
        // OpenAI masks all but the end of a wrong key; here nothing of it is repeated.
        const body401 = openaiErrorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
        return sendJson(res, 401, body401);
      }
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        const chat = body as ChatRequestBody;
        return handleChat(chat, req, res, await respond(chat), opts.tokenDelayMs ?? 0);
      }
      if (req.method === 'GET' && path === '/v1/models') {
        const ids = opts.models ?? ['loopback-model'];
        const data = ids.map((id) => ({ id, object: 'model', created: CREATED_S, owned_by: 'loopback' }));
        return sendJson(res, 200, { object: 'list', data });
      }
      const unknown = openaiErrorBody(`Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', 'unknown_url');
      sendJson(res, 404, unknown);
    })().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, openaiErrorBody(String(e), 'server_error'));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
