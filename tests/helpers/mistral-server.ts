/**
 * A loopback stand-in for Mistral's chat API (`POST /v1/chat/completions`, docs.mistral.ai API
 * reference): server-sent events when `stream: true` (`data: {chunk}` lines of
 * `chat.completion.chunk` objects, usage on the last chunk, then `data: [DONE]`), one
 * `chat.completion` JSON otherwise. Error bodies follow what the real API sends: `{"message":
 * "Unauthorized", "request_id"}` for a bad key, `{"object":"error","message","type","param",
 * "code"}` for the rest. Tests script each answer with `respond`; requests are recorded.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
};

/** How the server answers one chat request. */
export type MistralChatScript =
  | {
      /** Content pieces, one SSE chunk each (joined when `stream: false`). */
      pieces: string[];
      /** `stop` by default; `length` when the token limit cut the answer. */
      finishReason?: string;
      /** Token counts for the last chunk; `null` leaves `usage` out. */
      usage?: { promptTokens: number; completionTokens: number } | null;
      /** Model name reported in each chunk (default: the requested one). */
      model?: string;
      /** Pause before each piece, in ms (lets a test abort mid-stream). */
      delayMs?: number;
      /** Stop after the pieces without the final chunk nor `[DONE]`, and keep the response open. */
      stall?: boolean;
    }
  | { status: number; body: unknown; headers?: Record<string, string> };

export type MistralChatRequestBody = {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  temperature?: number;
  max_tokens?: number;
  random_seed?: number;
  response_format?: unknown;
};

export type MistralServerOptions = {
  /** When set, requests without `Authorization: Bearer <apiKey>` get Mistral's 401. */
  apiKey?: string;
  /** Chat answer. Default: echoes the last message in two pieces. */
  respond?: (body: MistralChatRequestBody) => MistralChatScript;
};

export type FakeServer = { url: string; requests: RecordedRequest[]; close(): Promise<void> };

/** Mistral's error body for a refused request (e.g. 429: `Rate limit exceeded`, `rate_limited`, `1300`). */
export const mistralErrorBody = (message: string, type: string, code: string | null = null): Record<string, unknown> => ({
  object: 'error',
  message,
  type,
  param: null,
  code,
});

const echo = (body: MistralChatRequestBody): MistralChatScript => {
  const last = body.messages.at(-1)?.content ?? '';
  const half = Math.ceil(last.length / 2);
  return { pieces: [last.slice(0, half), last.slice(half)], usage: { promptTokens: 10, completionTokens: 2 } };
};

const readBody = async (req: IncomingMessage): Promise<unknown> => {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
};

const sendJson = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const usageOf = (u: { promptTokens: number; completionTokens: number }): Record<string, number> => ({
  prompt_tokens: u.promptTokens,
  completion_tokens: u.completionTokens,
  total_tokens: u.promptTokens + u.completionTokens,
});

const handleChat = async (body: MistralChatRequestBody, res: ServerResponse, script: MistralChatScript): Promise<void> => {
  if ('status' in script) return sendJson(res, script.status, script.body, script.headers);
  const head = { id: 'cmpl-loopback-1', created: 1_735_689_600, model: script.model ?? body.model };
  const finishReason = script.finishReason ?? 'stop';
  const usage = script.usage === null ? {} : { usage: usageOf(script.usage ?? { promptTokens: 10, completionTokens: 2 }) };
  if (!body.stream) {
    const message = { role: 'assistant', content: script.pieces.join(''), tool_calls: null };
    const choices = [{ index: 0, message, finish_reason: finishReason }];
    return sendJson(res, 200, { ...head, object: 'chat.completion', choices, ...usage });
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  // Mistral opens with an empty assistant delta before the first token.
  res.write(chunk({ role: 'assistant', content: '' }, null));
  for (const piece of script.pieces) {
    if (script.delayMs) await sleep(script.delayMs);
    if (res.destroyed) return;
    res.write(chunk({ content: piece }, null));
  }
  if (script.stall) return;
  res.write(chunk({ content: '' }, finishReason, usage));
  res.end('data: [DONE]\n\n');
};

/** Starts the fake Mistral API on 127.0.0.1 with an ephemeral port; pass `url` as `serverURL`. */
export const startMistralServer = async (opts: MistralServerOptions = {}): Promise<FakeServer> => {
  const respond = opts.respond ?? echo;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const body = await readBody(req);
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
        return sendJson(res, 401, { message: 'Unauthorized', request_id: 'loopback-request-id' });
      }
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        const chat = body as MistralChatRequestBody;
        return handleChat(chat, res, respond(chat));
      }
      sendJson(res, 404, { detail: 'Not Found' });
    })().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, mistralErrorBody(String(e), 'internal_error'));
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
