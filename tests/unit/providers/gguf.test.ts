import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { createGgufProvider, GgufConfigSchema, type GgufConfig } from '../../../harness/providers/gguf.js';
import type { CompletionRequest, Provider, ProviderDeps } from '../../../harness/providers/types.js';

// The real tiny models live next to the repository, never inside it (see /work/shared/models/README.md).
const repoRoot = path.resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const sharedModels = path.resolve(repoRoot, '..', 'shared', 'models');

const PROMPT = 'Once upon a time, there was a little girl named Lily. She loved to play outside in the';
// Greedy continuation of PROMPT by stories260K, 32 tokens (determined once by running the model).
const CONTINUATION_32 = 'park. One day, she saw a big, red ball. She wanted to play with it, but it was too hig';
const BOUNDED_SCHEMA = {
  type: 'object',
  properties: { answer: { enum: ['oui', 'non'] }, level: { enum: [1, 2, 3] } },
  required: ['answer', 'level'],
};

let root: string;
const opened: Provider[] = [];

const deps = (now: () => number = () => performance.now()): ProviderDeps => ({
  env: {},
  fetch: globalThis.fetch,
  now,
  projectRoot: root,
});

const provider = (config: Partial<GgufConfig> = {}, d: ProviderDeps = deps()): Provider => {
  const p = createGgufProvider({ id: 'tiny', provider: 'gguf', hosting: 'local', model: 'stories260K', ...config }, d);
  opened.push(p);
  return p;
};

const request = (over: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [{ role: 'user', content: PROMPT }],
  prompt: PROMPT,
  params: { temperature: 0, maxTokens: 32 },
  signal: new AbortController().signal,
  ...over,
});

const rejection = async (promise: Promise<unknown>): Promise<HarnessError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HarnessError);
  return error as HarnessError;
};

let stories: Provider;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'bas-gguf-'));
  await mkdir(path.join(root, 'models'));
  await mkdir(path.join(root, 'custom'));
  await copyFile(path.join(sharedModels, 'stories260K.gguf'), path.join(root, 'models', 'stories260K.gguf'));
  await copyFile(path.join(sharedModels, 'llama-2-tiny-random.gguf'), path.join(root, 'custom', 'random.gguf'));
  stories = provider();
});

afterAll(async () => {
  for (const p of opened) await p.close?.();
  await rm(root, { recursive: true, force: true });
});

describe('gguf provider: completion with stories260K', () => {
  it('gives the exact greedy continuation with real token counts and timings', async () => {
    const result = await stories.complete(request());
    expect(result.text).toBe(CONTINUATION_32);
    // 27 prompt tokens plus BOS.
    expect(result.usage).toEqual({ inputTokens: 28, outputTokens: 32, estimated: false });
    expect(result.truncated).toBe(true);
    expect(result.modelIdentity).toBe('stories260K.gguf@sha256:270cba1bd510');
    expect(result.timings.ttftMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.ttftMs ?? 0);
    expect(result.cpuMs).toBeGreaterThan(0);
  });

  it('is deterministic across calls, including concurrent ones served one at a time', async () => {
    const again = await stories.complete(request());
    const [a, b] = await Promise.all([stories.complete(request()), stories.complete(request())]);
    expect([again.text, a.text, b.text]).toEqual([CONTINUATION_32, CONTINUATION_32, CONTINUATION_32]);
  });

  it('stops at maxTokens and says so', async () => {
    const result = await stories.complete(request({ params: { temperature: 0, maxTokens: 5 } }));
    expect(result.usage?.outputTokens).toBe(5);
    expect(result.truncated).toBe(true);
    expect(CONTINUATION_32.startsWith(result.text)).toBe(true);
  });

  it('constrains output to a bounded JSON schema', async () => {
    const result = await stories.complete(request({ params: { temperature: 0, maxTokens: 64 }, responseFormat: { type: 'json', schema: BOUNDED_SCHEMA } }));
    expect(result.truncated).toBe(false);
    const parsed = JSON.parse(result.text) as { answer: string; level: number };
    expect(['oui', 'non']).toContain(parsed.answer);
    expect([1, 2, 3]).toContain(parsed.level);
  });

  it('counts free-form JSON cut by the token limit as truncated', async () => {
    const result = await stories.complete(request({ params: { temperature: 0, maxTokens: 24 }, responseFormat: { type: 'json' } }));
    expect(result.text.trimStart().startsWith('{')).toBe(true);
    expect(result.truncated).toBe(true);
  });

  it('describes the file and the model', async () => {
    const facts = await stories.describe?.(new AbortController().signal);
    expect(facts).toMatchObject({
      file: 'stories260K.gguf',
      sha256: '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d',
      sizeBytes: 1_185_376,
      catalogue: 'stories260K',
      architecture: 'llama',
      mode: 'completion',
      contextSize: 512,
      threads: 1,
    });
    // Counted from the tensors: ~260K parameters plus embeddings.
    expect(facts?.parameters).toBe(292_800);
  });
});

describe('gguf provider: log-likelihood of choices', () => {
  it('scores the likely continuation far above the unlikely one', async () => {
    const signal = new AbortController().signal;
    const [park, garden, spaceship] = (await stories.scoreChoices?.({ prompt: PROMPT, choices: [' park.', ' garden.', ' spaceship.'], signal })) ?? [];
    expect(park).toBeCloseTo(-1.66, 1);
    expect(spaceship).toBeCloseTo(-11.17, 1);
    expect(park!).toBeGreaterThan(garden!);
    expect(garden!).toBeGreaterThan(spaceship!);
  });

  it('does not depend on the order of choices (prompt cache reused correctly)', async () => {
    const signal = new AbortController().signal;
    const forward = (await stories.scoreChoices?.({ prompt: PROMPT, choices: [' park.', ' spaceship.', ''], signal })) ?? [];
    const backward = (await stories.scoreChoices?.({ prompt: PROMPT, choices: ['', ' spaceship.', ' park.'], signal })) ?? [];
    expect(forward[0]).toBeCloseTo(backward[2]!, 4);
    expect(forward[1]).toBeCloseTo(backward[1]!, 4);
    expect(forward[2]).toBe(0);
  });
});

describe('gguf provider: modes, paths and failures', () => {
  it('runs llama-2-tiny-random from a path relative to the project root, JSON-constrained', async () => {
    const random = provider({ model: 'custom/random.gguf' });
    const result = await random.complete(request({ prompt: 'Answer:', params: { temperature: 0, maxTokens: 40 }, responseFormat: { type: 'json', schema: BOUNDED_SCHEMA } }));
    expect(result.truncated).toBe(false);
    expect(JSON.parse(result.text)).toMatchObject({ answer: expect.stringMatching(/^(oui|non)$/) });
    expect(result.modelIdentity).toBe('random.gguf@sha256:81f226c62d28');
    expect(result.usage?.estimated).toBe(false);
  });

  it('uses the chat wrapper in chat mode', async () => {
    const chat = provider({ mode: 'chat' });
    const req = request({ messages: [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'Tell me about a cat.' }], params: { temperature: 0, maxTokens: 12 } });
    const [first, second] = [await chat.complete(req), await chat.complete(req)];
    expect(first.text.length).toBeGreaterThan(0);
    expect(second.text).toBe(first.text);
    // The wrapper's markup ([INST], <<SYS>>…) is counted in the input.
    expect(first.usage?.inputTokens).toBeGreaterThan(20);
    expect(first.usage?.outputTokens).toBe(12);
    expect((await chat.describe?.(new AbortController().signal))?.mode).toBe('chat');
  });

  it('reports a missing catalogue model with the pull command', async () => {
    const missing = provider({ modelsDir: 'empty' });
    const error = await rejection(missing.complete(request()));
    expect(error.code).toBe('model-not-found');
    expect(error.message).toBe(`modèle GGUF introuvable : ${path.join(root, 'empty', 'stories260K.gguf')}`);
    expect(error.hint).toBe('npx bac-a-sable models pull stories260K');
  });

  it('checks before the run whether the file is there, without loading it', async () => {
    const signal = new AbortController().signal;
    expect(await stories.check?.(signal)).toEqual({ ok: true });
    expect(await provider({ modelsDir: 'empty' }).check?.(signal)).toEqual({
      ok: false,
      reason: `modèle GGUF introuvable : ${path.join(root, 'empty', 'stories260K.gguf')}`,
      hint: 'npx bac-a-sable models pull stories260K',
    });
  });

  it('reports a missing path with a hint to check it', async () => {
    const error = await rejection(provider({ model: 'nowhere/absent.gguf' }).complete(request()));
    expect(error.code).toBe('model-not-found');
    expect(error.hint).toMatch(/vérifiez le chemin/);
  });

  it('refuses a catalogue name whose file has other contents', async () => {
    await mkdir(path.join(root, 'wrong'));
    await copyFile(path.join(sharedModels, 'llama-2-tiny-random.gguf'), path.join(root, 'wrong', 'stories260K.gguf'));
    const error = await rejection(provider({ modelsDir: 'wrong' }).complete(request()));
    expect(error.code).toBe('bad-response');
    expect(error.hint).toMatch(/models pull stories260K/);
  });

  it('honours an abort during generation, then serves the next request normally', async () => {
    const controller = new AbortController();
    let calls = 0;
    // The second clock reading is the first token: abort exactly there, without timers.
    const aborting = provider({}, deps(() => {
      calls += 1;
      if (calls === 2) controller.abort();
      return performance.now();
    }));
    const error = await rejection(aborting.complete(request({ signal: controller.signal, params: { temperature: 0, maxTokens: 400 } })));
    expect(error.code).toBe('cancelled');
    const after = await aborting.complete(request());
    expect(after.text).toBe(CONTINUATION_32);
  });

  it('maps a timeout abort and an already-aborted signal', async () => {
    const timedOut = new AbortController();
    timedOut.abort(new DOMException('délai', 'TimeoutError'));
    expect((await rejection(stories.complete(request({ signal: timedOut.signal })))).code).toBe('timeout');
    const cancelled = new AbortController();
    cancelled.abort();
    expect((await rejection(stories.scoreChoices!({ prompt: PROMPT, choices: [' park.'], signal: cancelled.signal }))).code).toBe('cancelled');
  });

  it('validates its config strictly', () => {
    expect(GgufConfigSchema.safeParse({ model: 'stories260K' }).success).toBe(true);
    expect(GgufConfigSchema.safeParse({ model: 'stories260K', mode: 'chat', threads: 1, contextSize: 256, modelsDir: 'm' }).success).toBe(true);
    expect(GgufConfigSchema.safeParse({ model: 'stories260K', thread: 2 }).success).toBe(false);
    expect(GgufConfigSchema.safeParse({ model: 'stories260K', mode: 'instruct' }).success).toBe(false);
    expect(GgufConfigSchema.safeParse({ model: '' }).success).toBe(false);
  });
});
