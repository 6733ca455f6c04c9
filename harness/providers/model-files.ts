/**
 * Where GGUF files are and how they arrive: `locateModel` turns a config value (catalogue name or
 * path) into an existing file; `pullModel` downloads a catalogue model and checks its sha256
 * before it becomes visible, so a models folder never holds a partial or altered file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { HarnessError } from '../core/errors.js';
import { catalogueNames, findCatalogueEntry, type CatalogueEntry } from './gguf-catalogue.js';
import { errorFromStatus, errorFromTransport } from './http-errors.js';

export type LocatedModel = {
  /** Absolute path of the .gguf file, which exists. */
  path: string;
  /** The catalogue entry when the model was named, not given as a path. */
  entry?: CatalogueEntry;
};

export type PullOptions = {
  fetch: typeof globalThis.fetch;
  /** Folder the file lands in (created if needed). */
  modelsDir: string;
  /** Copy from this local folder (a mirror, a USB key) instead of downloading; same checksum check. */
  fromDir?: string;
  /** Download from this address instead of the catalogue's (a mirror); same checksum check. */
  url?: string;
  /** Called after each received chunk; `totalBytes` is the catalogue size. */
  onProgress?: (receivedBytes: number, totalBytes?: number) => void;
  signal?: AbortSignal;
};

/** sha256 of a file, hex, read as a stream (models can be gigabytes). */
export const sha256File = async (file: string): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

const isFile = async (file: string): Promise<boolean> => (await stat(file).catch(() => undefined))?.isFile() ?? false;

const pullHint = (name: string) => `npx bac-a-sable models pull ${name}`;

/**
 * Resolves `model:` of a gguf block. A catalogue name maps to its file in `modelsDir`; anything that
 * looks like a path (ends in .gguf or has a separator) resolves from `root` (the project root).
 * Throws HarnessError('model-not-found') with the command or the check that fixes it.
 */
export const locateModel = async (
  nameOrPath: string,
  modelsDir: string,
  root: string = modelsDir,
  searchDirs: readonly string[] = [],
): Promise<LocatedModel> => {
  const entry = findCatalogueEntry(nameOrPath);
  if (entry) {
    // The project's models folder first, then the shared folders (the sha256 is checked at load).
    for (const dir of [modelsDir, ...searchDirs]) {
      const file = path.resolve(dir, entry.file);
      if (await isFile(file)) return { path: file, entry };
    }
    const file = path.resolve(modelsDir, entry.file);
    throw new HarnessError('model-not-found', `modèle GGUF introuvable : ${file}`, { hint: pullHint(entry.name) });
  }
  const looksLikePath = nameOrPath.endsWith('.gguf') || nameOrPath.includes('/') || nameOrPath.includes('\\');
  if (!looksLikePath) {
    throw new HarnessError('model-not-found', `modèle GGUF inconnu : « ${nameOrPath} »`, {
      hint: `modèles du catalogue : ${catalogueNames().join(', ')} ; sinon, donnez le chemin d’un fichier .gguf`,
    });
  }
  const file = path.resolve(root, nameOrPath);
  if (!(await isFile(file))) {
    throw new HarnessError('model-not-found', `modèle GGUF introuvable : ${file}`, {
      hint: 'vérifiez le chemin du fichier .gguf (relatif à la racine du projet)',
    });
  }
  return { path: file };
};

/** Streams the response body into `temp`, hashing as it goes; stops early on an oversized body. */
/** Bytes of the model: from a local folder when `fromDir` is given, else from its public URL. */
const openSource = async (entry: CatalogueEntry, opts: PullOptions): Promise<AsyncIterable<Uint8Array>> => {
  if (opts.fromDir !== undefined) {
    const source = path.resolve(opts.fromDir, entry.file);
    if (!(await isFile(source))) {
      throw new HarnessError('model-not-found', `${entry.file} absent de ${opts.fromDir}`, { hint: `sans --from, le modèle est téléchargé depuis ${entry.url}` });
    }
    return createReadStream(source);
  }
  const url = opts.url ?? entry.url;
  const ctx = { modelId: entry.name, notFoundHint: `l’adresse de téléchargement ne répond plus : ${url}` };
  let response: Response;
  try {
    response = await opts.fetch(url, { redirect: 'follow', ...(opts.signal ? { signal: opts.signal } : {}) });
  } catch (e) {
    throw errorFromTransport(e, ctx, opts.signal);
  }
  if (!response.ok) {
    throw errorFromStatus(response.status, await response.text().catch(() => ''), response.headers.get('retry-after'), ctx);
  }
  if (!response.body) throw new HarnessError('bad-response', `${entry.name} : réponse vide du serveur`);
  return response.body;
};

const download = async (entry: CatalogueEntry, temp: string, opts: PullOptions) => {
  const ctx = { modelId: entry.name };
  const body = await openSource(entry, opts);
  const hash = createHash('sha256');
  const handle = await open(temp, 'wx');
  let receivedBytes = 0;
  try {
    for await (const chunk of body) {
      receivedBytes += chunk.byteLength;
      if (receivedBytes > entry.sizeBytes) {
        throw new HarnessError('bad-response', `${entry.name} : fichier plus gros qu’attendu (plus de ${entry.sizeBytes} octets)`);
      }
      hash.update(chunk);
      await handle.write(chunk);
      opts.onProgress?.(receivedBytes, entry.sizeBytes);
    }
    // Flushed before the rename, so a crash cannot leave a complete-looking but empty file.
    await handle.sync();
  } catch (e) {
    throw errorFromTransport(e, ctx, opts.signal);
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), receivedBytes };
};

/**
 * Downloads catalogue model `name` into `modelsDir` and returns the file's absolute path. The bytes
 * go to a temporary file in the same folder, renamed into place only once the sha256 matches; a
 * present file with the right checksum is kept as is. Throws HarnessError('model-not-found') for an
 * unknown name and HarnessError('bad-response') for a wrong checksum (the temporary file is deleted).
 */
export const pullModel = async (name: string, opts: PullOptions): Promise<string> => {
  const entry = findCatalogueEntry(name);
  if (!entry) {
    throw new HarnessError('model-not-found', `modèle inconnu du catalogue : « ${name} »`, {
      hint: `modèles disponibles : ${catalogueNames().join(', ')}`,
    });
  }
  await mkdir(opts.modelsDir, { recursive: true });
  const dest = path.resolve(opts.modelsDir, entry.file);
  if ((await isFile(dest)) && (await sha256File(dest)) === entry.sha256) return dest;
  const temp = `${dest}.${randomBytes(6).toString('hex')}.part`;
  try {
    const { sha256, receivedBytes } = await download(entry, temp, opts);
    if (sha256 !== entry.sha256) {
      throw new HarnessError(
        'bad-response',
        `${entry.file} : somme de contrôle sha256 incorrecte (attendue ${entry.sha256}, obtenue ${sha256} ; ` +
          `${receivedBytes} octets reçus sur ${entry.sizeBytes}) ; le fichier téléchargé a été supprimé`,
        { hint: 'relancez le téléchargement ; si l’erreur persiste, le fichier publié a changé' },
      );
    }
    await rename(temp, dest);
    return dest;
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
};
