import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { GGUF_CATALOGUE } from '../../../harness/providers/gguf-catalogue.js';
import { locateModel, pullModel, sha256File } from '../../../harness/providers/model-files.js';

const repoRoot = path.resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const sharedModels = path.resolve(repoRoot, '..', 'shared', 'models');
const STORIES = GGUF_CATALOGUE.stories260K!;

let server: Server;
let baseUrl: string;
let work: string;
/** What the loopback server answers for the next request. */
let serve: { status: number; body: Buffer } = { status: 200, body: Buffer.alloc(0) };
let storiesBytes: Buffer;
let randomBytes: Buffer;

/** A fetch that sends every request to the loopback server and records the URL asked for. */
const requested: string[] = [];
const loopbackFetch: typeof globalThis.fetch = async (input, init) => {
  requested.push(String(input));
  return globalThis.fetch(`${baseUrl}/model`, init);
};

const rejection = async (promise: Promise<unknown>): Promise<HarnessError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HarnessError);
  return error as HarnessError;
};

beforeAll(async () => {
  storiesBytes = await readFile(path.join(sharedModels, 'stories260K.gguf'));
  randomBytes = await readFile(path.join(sharedModels, 'llama-2-tiny-random.gguf'));
  server = createServer((_req, res) => {
    res.writeHead(serve.status, { 'content-type': 'application/octet-stream' });
    // Sent in several chunks so the download really streams.
    const chunkBytes = 256 * 1024;
    for (let i = 0; i < serve.body.length; i += chunkBytes) res.write(serve.body.subarray(i, i + chunkBytes));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'bas-models-'));
  requested.length = 0;
  return () => rm(work, { recursive: true, force: true });
});

describe('pullModel', () => {
  it('downloads the catalogue file, checks its sha256 and puts it in place', async () => {
    serve = { status: 200, body: storiesBytes };
    const modelsDir = path.join(work, 'models');
    const progress: Array<[number, number | undefined]> = [];
    const file = await pullModel('stories260K', { fetch: loopbackFetch, modelsDir, onProgress: (r, t) => progress.push([r, t]) });
    expect(file).toBe(path.join(modelsDir, 'stories260K.gguf'));
    expect(await sha256File(file)).toBe(STORIES.sha256);
    expect(await readdir(modelsDir)).toEqual(['stories260K.gguf']);
    expect(requested).toEqual([STORIES.url]);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual([STORIES.sizeBytes, STORIES.sizeBytes]);
  });

  it('keeps a file that is already there and correct, without downloading', async () => {
    await mkdir(path.join(work, 'models'));
    await copyFile(path.join(sharedModels, 'stories260K.gguf'), path.join(work, 'models', 'stories260K.gguf'));
    const file = await pullModel('stories260K', { fetch: loopbackFetch, modelsDir: path.join(work, 'models') });
    expect(file).toBe(path.join(work, 'models', 'stories260K.gguf'));
    expect(requested).toEqual([]);
  });

  it('rejects a wrong checksum and leaves no file behind', async () => {
    const altered = Buffer.from(storiesBytes);
    altered[altered.length - 1] = altered[altered.length - 1]! ^ 0xff;
    serve = { status: 200, body: altered };
    const modelsDir = path.join(work, 'models');
    const error = await rejection(pullModel('stories260K', { fetch: loopbackFetch, modelsDir }));
    expect(error.code).toBe('bad-response');
    expect(error.message).toContain('somme de contrôle sha256 incorrecte');
    expect(error.message).toContain(STORIES.sha256);
    expect(await readdir(modelsDir)).toEqual([]);
  });

  it('replaces an existing file whose checksum is wrong', async () => {
    const modelsDir = path.join(work, 'models');
    await mkdir(modelsDir);
    await writeFile(path.join(modelsDir, 'stories260K.gguf'), 'not a model');
    serve = { status: 200, body: storiesBytes };
    const file = await pullModel('stories260K', { fetch: loopbackFetch, modelsDir });
    expect(await sha256File(file)).toBe(STORIES.sha256);
    expect(await readdir(modelsDir)).toEqual(['stories260K.gguf']);
  });

  it('stops a body larger than the catalogue size and cleans up', async () => {
    serve = { status: 200, body: randomBytes };
    const modelsDir = path.join(work, 'models');
    const error = await rejection(pullModel('stories260K', { fetch: loopbackFetch, modelsDir }));
    expect(error.code).toBe('bad-response');
    expect(await readdir(modelsDir)).toEqual([]);
  });

  it('maps HTTP errors and unknown names', async () => {
    serve = { status: 404, body: Buffer.from('Entry not found') };
    const modelsDir = path.join(work, 'models');
    expect((await rejection(pullModel('stories260K', { fetch: loopbackFetch, modelsDir }))).code).toBe('model-not-found');
    expect(await readdir(modelsDir)).toEqual([]);
    const unknown = await rejection(pullModel('gpt-5', { fetch: loopbackFetch, modelsDir }));
    expect(unknown.code).toBe('model-not-found');
    expect(unknown.hint).toContain('stories260K');
  });
});

describe('locateModel', () => {
  it('finds a catalogue model by name in the models folder', async () => {
    const modelsDir = path.join(work, 'models');
    await mkdir(modelsDir);
    await copyFile(path.join(sharedModels, 'stories260K.gguf'), path.join(modelsDir, 'stories260K.gguf'));
    const located = await locateModel('stories260K', modelsDir, work);
    expect(located.path).toBe(path.join(modelsDir, 'stories260K.gguf'));
    expect(located.entry?.name).toBe('stories260K');
  });

  it('finds a file by path, relative to the root', async () => {
    await mkdir(path.join(work, 'weights'));
    await copyFile(path.join(sharedModels, 'llama-2-tiny-random.gguf'), path.join(work, 'weights', 'tiny.gguf'));
    const located = await locateModel('weights/tiny.gguf', path.join(work, 'models'), work);
    expect(located).toEqual({ path: path.join(work, 'weights', 'tiny.gguf') });
  });

  it('explains what to do when the model is missing or unknown', async () => {
    const modelsDir = path.join(work, 'models');
    const missing = await rejection(locateModel('llama-2-tiny-random', modelsDir, work));
    expect(missing.code).toBe('model-not-found');
    expect(missing.hint).toBe('npx bac-a-sable models pull llama-2-tiny-random');
    const unknown = await rejection(locateModel('mistral-7b', modelsDir, work));
    expect(unknown.message).toBe('modèle GGUF inconnu : « mistral-7b »');
    expect(unknown.hint).toContain('stories260K, llama-2-tiny-random');
    const badPath = await rejection(locateModel('weights/none.gguf', modelsDir, work));
    expect(badPath.message).toBe(`modèle GGUF introuvable : ${path.join(work, 'weights', 'none.gguf')}`);
  });

  it('has the shared README checksums and sizes in the catalogue', async () => {
    expect(STORIES).toMatchObject({ sizeBytes: storiesBytes.length, sha256: await sha256File(path.join(sharedModels, 'stories260K.gguf')) });
    const random = GGUF_CATALOGUE['llama-2-tiny-random']!;
    expect(random).toMatchObject({ sizeBytes: randomBytes.length, sha256: await sha256File(path.join(sharedModels, 'llama-2-tiny-random.gguf')) });
    for (const entry of Object.values(GGUF_CATALOGUE)) expect(entry.url).toMatch(/^https:\/\/huggingface\.co\/.+\/resolve\/[0-9a-f]{40}\/.+\.gguf$/);
  });
});
