import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { echoProvider } from '../../../harness/providers/echo.js';
import { createGgufProvider } from '../../../harness/providers/gguf.js';
import { createRagProvider, DEFAULT_RAG_TEMPLATE, RagConfigSchema, type RagConfig } from '../../../harness/providers/rag.js';
import type { CompletionRequest, Provider, ProviderDeps } from '../../../harness/providers/types.js';

const repoRoot = path.resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const sharedModels = path.resolve(repoRoot, '..', 'shared', 'models');
const CORPUS = 'tests/fixtures/rag/mairie';

/** A clock that advances 5 ms per reading, so timings are exact. */
const steppingClock = () => {
  let t = 0;
  return () => (t += 5);
};

const echo = (now: () => number): Provider => echoProvider.create({ id: 'echo', provider: 'echo', hosting: 'local' }, { env: {}, fetch: globalThis.fetch, now, projectRoot: repoRoot });

const ragWith = (inner: Provider, config: Partial<RagConfig> = {}, over: Partial<ProviderDeps> = {}): Provider => {
  const now = over.now ?? steppingClock();
  return createRagProvider(
    { id: 'rag', provider: 'rag', hosting: 'local', model: inner.id, corpus: CORPUS, ...config },
    { env: {}, fetch: globalThis.fetch, now, projectRoot: repoRoot, resolveProvider: (id) => {
      if (id !== inner.id) throw new Error(`inconnu : ${id}`);
      return inner;
    }, ...over },
  );
};

const request = (question: string, over: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [{ role: 'system', content: 'Tu es l’assistant de la mairie.' }, { role: 'user', content: question }],
  prompt: question,
  params: { temperature: 0, maxTokens: 16 },
  signal: new AbortController().signal,
  ...over,
});

describe('rag provider with the echo model', () => {
  it('builds the prompt from the retrieved passages and returns them as contexts', async () => {
    const now = steppingClock();
    const rag = ragWith(echo(now), { topK: 2 }, { now });
    const result = await rag.complete(request('Quels sont les horaires d’ouverture de la mairie le samedi ?'));
    expect(result.contexts).toHaveLength(2);
    expect(result.contexts![0]).toBe('[reglement-interieur#horaires] Horaires d\'ouverture\nLa mairie est ouverte au public du lundi au vendredi de 8 h 30 à 17 h, et le samedi matin de 9 h à 12 h.');
    // echo answers with the request flattened: the system message, then the built prompt.
    expect(result.text.startsWith('Tu es l’assistant de la mairie.\n\nRéponds à la question en t\'appuyant uniquement sur les extraits ci-dessous.')).toBe(true);
    expect(result.text).toContain(`Extraits :\n${result.contexts!.join('\n\n')}\n\nQuestion : Quels sont les horaires d’ouverture de la mairie le samedi ?`);
    expect(result.text).not.toContain('etat-civil#');
    expect(result.modelIdentity).toBe('rag(echo)');
    // Retrieval took two clock readings (5 ms), echo two more (5 ms).
    expect(result.timings).toEqual({ totalMs: 10, ttftMs: 10, backend: { retrievalMs: 5 } });
  });

  it('prefers the question var over the last user message, and honours a custom template', async () => {
    const rag = ragWith(echo(steppingClock()), { topK: 1, template: 'Q={{question}}{{#each passages}} | {{id}}{{/each}}' });
    const result = await rag.complete(request('Répondez à la question suivante en une phrase.', { messages: [{ role: 'user', content: 'Répondez en une phrase.' }], case: { id: 'c1', vars: { question: 'Combien coûte un repas à la cantine ?' } } }));
    expect(result.text).toBe('Q=Combien coûte un repas à la cantine ? | tarifs-cantine#intro');
    expect(result.contexts).toEqual([expect.stringMatching(/^\[tarifs-cantine#intro\] Tarifs de la cantine/)]);
  });

  it('says so in the prompt when nothing matches', async () => {
    const result = await ragWith(echo(steppingClock())).complete(request('xylophone'));
    expect(result.contexts).toEqual([]);
    expect(result.text).toContain('Extraits :\n(aucun extrait trouvé)\n');
  });

  it('checks the corpus and describes the pipeline', async () => {
    const signal = new AbortController().signal;
    expect(await ragWith(echo(steppingClock())).check!(signal)).toEqual({ ok: true });
    expect(await ragWith(echo(steppingClock())).describe!(signal)).toMatchObject({ model: 'echo', corpus: CORPUS, passages: 11, topK: 4 });
    const missing = await ragWith(echo(steppingClock()), { corpus: 'tests/fixtures/rag/absent' }).check!(signal);
    expect(missing).toMatchObject({ ok: false, reason: `corpus introuvable : ${path.join(repoRoot, 'tests/fixtures/rag/absent')}` });
  });

  it('refuses a missing inner model, itself as inner model, or a broken template', () => {
    const deps: ProviderDeps = { env: {}, fetch: globalThis.fetch, now: () => 0, projectRoot: repoRoot };
    const base = { id: 'rag', provider: 'rag', hosting: 'local' as const, corpus: CORPUS };
    const thrown = (f: () => unknown): HarnessError => {
      try {
        f();
      } catch (e) {
        if (e instanceof HarnessError) return e;
      }
      throw new Error('pas de HarnessError');
    };
    const noResolver = thrown(() => createRagProvider({ ...base, model: 'albert' }, deps));
    expect(noResolver).toMatchObject({ code: 'invalid-input', message: 'rag : le modèle « albert » (model du pipeline rag) est introuvable dans la configuration' });
    const unknown = thrown(() => createRagProvider({ ...base, model: 'albert' }, { ...deps, resolveProvider: () => { throw new Error('absent'); } }));
    expect(unknown.code).toBe('invalid-input');
    expect(unknown.hint).toMatch(/autre modèle/);
    expect(thrown(() => createRagProvider({ ...base, model: 'rag' }, deps)).message).toMatch(/ne peut pas s’appeler lui-même/);
    expect(RagConfigSchema.safeParse({ model: 'm', corpus: 'c' }).success).toBe(true);
    expect(RagConfigSchema.safeParse({ model: 'm', corpus: 'c', topk: 3 }).success).toBe(false);
    const bad = RagConfigSchema.safeParse({ model: 'm', corpus: 'c', template: '{{questoin}}' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/^gabarit invalide : "questoin" not defined/);
    expect(DEFAULT_RAG_TEMPLATE).toContain('{{question}}');
  });

  it('reports duplicate ids of the corpus as an input error', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bas-rag-dup-'));
    try {
      await copyFile(path.join(repoRoot, CORPUS, 'dechets.md'), path.join(dir, 'dechets.md'));
      await copyFile(path.join(repoRoot, CORPUS, 'dechets.md'), path.join(dir, 'dechets.txt'));
      const error = await ragWith(echo(steppingClock()), { corpus: dir }).complete(request('déchèterie')).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid-input' });
      expect((error as HarnessError).message).toMatch(/identifiant de passage en double « dechets#decheterie »/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('rag provider with the in-process GGUF model', () => {
  let root: string;
  let tiny: Provider;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'bas-rag-gguf-'));
    await mkdir(path.join(root, 'models'));
    await copyFile(path.join(sharedModels, 'stories260K.gguf'), path.join(root, 'models', 'stories260K.gguf'));
    // The French prompt is long in this model's tiny vocabulary: give it room.
    tiny = createGgufProvider({ id: 'tiny', provider: 'gguf', hosting: 'local', model: 'stories260K', contextSize: 2048 }, { env: {}, fetch: globalThis.fetch, now: () => performance.now(), projectRoot: root });
  });
  afterAll(async () => {
    await tiny.close?.();
    await rm(root, { recursive: true, force: true });
  });

  it('retrieves the right passages even though the tiny model cannot answer', async () => {
    const rag = ragWith(tiny, { topK: 2, corpus: path.join(repoRoot, CORPUS) }, { now: () => performance.now(), projectRoot: root });
    const result = await rag.complete(request("Quels justificatifs pour une carte d'identité ?"));
    expect(result.contexts?.[0]).toMatch(/^\[etat-civil#carte-d-identite\] /);
    expect(result.modelIdentity).toBe('rag(stories260K.gguf@sha256:270cba1bd510)');
    expect(result.usage?.outputTokens).toBe(16);
    expect(result.usage?.inputTokens).toBeGreaterThan(100);
    expect(result.timings.backend?.retrievalMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.backend!.retrievalMs!);
    expect(result.cpuMs).toBeGreaterThan(0);
    // A children's-story model: whatever it writes, it is not the answer.
    expect(result.text).not.toMatch(/justificatif de domicile/);
  });
});
