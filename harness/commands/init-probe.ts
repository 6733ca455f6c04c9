/**
 * What `init` looks for on this machine: model servers answering the model-listing API of Ollama
 * (`GET /api/tags`) or of OpenAI-compatible servers (`GET /v1/models`). Short timeouts: a port with
 * nothing behind it must not slow down a first session.
 */
import type { Hosting } from '../core/types.js';
import { isLoopbackHost, KNOWN_ENDPOINTS } from '../config/endpoint-hosting.js';

export type FoundModel = {
  /** Name the server knows the model by (`qwen2.5:3b`). */
  name: string;
  /** Ollama's `details.parameter_size` converted to billions, when given. */
  sizeB?: number;
  /** What the server said about the size and quantization, for the `source` of energy.modelSizes. */
  sizeText?: string;
};

export type FoundServer = { kind: 'ollama' | 'openai-compatible'; baseUrl: string; models: FoundModel[] };

/** The usual local addresses (each server's documented default port). */
export type ProbeTargets = { ollama: string[]; openai: string[] };

export const defaultTargets = (env: Record<string, string | undefined>): ProbeTargets => ({
  // Ollama docs (docs/faq.md, "How do I configure Ollama server?"): OLLAMA_HOST, default 127.0.0.1:11434.
  ollama: [ollamaUrl(env.OLLAMA_HOST) ?? 'http://127.0.0.1:11434'],
  // llama.cpp llama-server README: port 8080; LM Studio docs ("Local server"): 1234; vLLM docs
  // ("OpenAI-Compatible Server"): 8000. All three serve the OpenAI API under /v1.
  // BAC_A_SABLE_INIT_OPENAI (URLs separated by «,», empty for none) replaces them: a machine where
  // these ports serve something else, and tests, which must not depend on what listens there.
  openai: env.BAC_A_SABLE_INIT_OPENAI !== undefined
    ? env.BAC_A_SABLE_INIT_OPENAI.split(',').map((u) => u.trim().replace(/\/+$/, '')).filter(Boolean)
    : ['http://127.0.0.1:8080/v1', 'http://127.0.0.1:1234/v1', 'http://127.0.0.1:8000/v1'],
});

const ollamaUrl = (host: string | undefined): string | undefined => {
  if (!host) return undefined;
  const withScheme = /^https?:\/\//.test(host) ? host : `http://${host}`;
  return withScheme.replace(/\/+$/, '');
};

/** "3.1B" → 3.1, "494.03M" → 0.494; undefined for anything else. */
export const billionsOf = (text: string | undefined): number | undefined => {
  const m = /^\s*([\d.]+)\s*([BbMmKk])\s*$/.exec(text ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  const unit = m[2]!.toUpperCase();
  return Math.round((unit === 'B' ? n : unit === 'M' ? n / 1000 : n / 1e6) * 1000) / 1000;
};

const getJson = async (fetchFn: typeof fetch, url: string, timeoutMs: number): Promise<unknown> => {
  try {
    const r = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    return r.ok ? await r.json() : undefined;
  } catch {
    return undefined;
  }
};

type Tags = { models?: { name?: unknown; model?: unknown; details?: { parameter_size?: unknown; quantization_level?: unknown } }[] };

export const probeOllama = async (fetchFn: typeof fetch, baseUrl: string, timeoutMs: number): Promise<FoundServer | undefined> => {
  const body = (await getJson(fetchFn, `${baseUrl}/api/tags`, timeoutMs)) as Tags | undefined;
  if (!body || !Array.isArray(body.models)) return undefined;
  const models = body.models.flatMap((m): FoundModel[] => {
    const name = typeof m.name === 'string' ? m.name : typeof m.model === 'string' ? m.model : undefined;
    if (!name) return [];
    const size = typeof m.details?.parameter_size === 'string' ? m.details.parameter_size : undefined;
    const quant = typeof m.details?.quantization_level === 'string' ? m.details.quantization_level : undefined;
    const sizeB = billionsOf(size);
    return [{ name, ...(sizeB ? { sizeB } : {}), ...(size || quant ? { sizeText: [size, quant].filter(Boolean).join(', ') } : {}) }];
  });
  return { kind: 'ollama', baseUrl, models };
};

export const probeOpenAI = async (fetchFn: typeof fetch, baseUrl: string, timeoutMs: number): Promise<FoundServer | undefined> => {
  const body = (await getJson(fetchFn, `${baseUrl}/models`, timeoutMs)) as { data?: { id?: unknown }[] } | undefined;
  if (!body || !Array.isArray(body.data)) return undefined;
  return { kind: 'openai-compatible', baseUrl, models: body.data.flatMap((m) => (typeof m.id === 'string' ? [{ name: m.id }] : [])) };
};

/** A `--probe URL`: Ollama's API first, then the OpenAI one (at URL, or URL/v1). */
export const probeUrl = async (fetchFn: typeof fetch, url: string, timeoutMs: number): Promise<FoundServer | undefined> => {
  const base = url.replace(/\/+$/, '');
  return (
    (await probeOllama(fetchFn, base, timeoutMs)) ??
    (await probeOpenAI(fetchFn, base, timeoutMs)) ??
    (base.endsWith('/v1') ? undefined : await probeOpenAI(fetchFn, `${base}/v1`, timeoutMs))
  );
};

/**
 * Hosting inferred fail-closed: a loopback address is this machine; a known public API is the
 * hosting its operator allows; anything else (a server on the network) is left for the user.
 */
export const inferHosting = (baseUrl: string): { hosting: Hosting } | { unknown: string } => {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return { unknown: 'adresse illisible' };
  }
  if (isLoopbackHost(host)) return { hosting: 'local' };
  const known = KNOWN_ENDPOINTS.find((k) => host === k.domain || host.endsWith(`.${k.domain}`));
  if (known) return { hosting: known.minimum };
  return { unknown: `${host} n’est ni ce poste ni un service connu : seul vous savez s’il est à la collectivité (on-prem) ou chez un prestataire` };
};
