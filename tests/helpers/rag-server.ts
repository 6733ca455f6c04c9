/**
 * A loopback stand-in for the administration's RAG service: `POST` a JSON body with `prompt` (or
 * `GET ?prompt=…`), get `{ answer, sources: [{ id, text }] }`. By default it retrieves, from a
 * three-passage corpus, the passages sharing a word of five letters or more with the prompt, and
 * answers with the first one. Tests can script any other answer with `respond`; every request is
 * recorded, raw body included, so tests can check what went on the wire.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RagRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received. */
  rawBody: string;
};

/** How the server answers one request. */
export type RagScript =
  | { json: unknown; status?: number; headers?: Record<string, string> }
  | { raw: string; status?: number; contentType?: string; headers?: Record<string, string> }
  /** Send nothing for this long (lets a test abort while waiting). */
  | { hangMs: number };

export type RagServer = { url: string; requests: RagRequest[]; close(): Promise<void> };

export type RagPassage = { id: string; text: string };

export const RAG_CORPUS: readonly RagPassage[] = [
  { id: 'mairie-horaires', text: "La mairie est ouverte du lundi au vendredi de 8 h 30 à 17 h, et le samedi matin de 9 h à 12 h." },
  { id: 'etat-civil-identite', text: "La carte d'identité se demande sur rendez-vous, au guichet état civil, avec une photo récente." },
  { id: 'dechets-decheterie', text: 'La déchèterie accueille les encombrants du mardi au samedi, sur présentation d’un justificatif de domicile.' },
];

const words = (text: string): Set<string> =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length >= 5),
  );

/** The default behaviour: keyword retrieval over RAG_CORPUS. */
export const answerFromCorpus = (prompt: string): { answer: string; sources: RagPassage[] } => {
  const asked = words(prompt);
  const sources = RAG_CORPUS.filter((p) => [...words(p.text)].some((w) => asked.has(w)));
  return { answer: sources[0]?.text ?? 'Je ne trouve rien à ce sujet dans les documents.', sources };
};

const promptOf = (req: RagRequest): string => {
  if (req.method === 'GET') return req.query.prompt ?? '';
  try {
    const body = JSON.parse(req.rawBody) as { prompt?: unknown };
    return typeof body.prompt === 'string' ? body.prompt : '';
  } catch {
    return '';
  }
};

const defaultRespond = (req: RagRequest): RagScript => ({ json: answerFromCorpus(promptOf(req)) });

const readRaw = async (req: IncomingMessage): Promise<string> => {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
};

const send = async (res: ServerResponse, script: RagScript): Promise<void> => {
  if ('hangMs' in script) {
    await new Promise((resolve) => setTimeout(resolve, script.hangMs));
    if (!res.destroyed) res.end();
    return;
  }
  const status = script.status ?? 200;
  if ('json' in script) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...script.headers });
    res.end(JSON.stringify(script.json));
  } else {
    res.writeHead(status, { 'content-type': script.contentType ?? 'text/html; charset=utf-8', ...script.headers });
    res.end(script.raw);
  }
};

/** Starts the fake RAG service on 127.0.0.1 with an ephemeral port. */
export const startRagServer = (opts: { respond?: (req: RagRequest) => RagScript } = {}): Promise<RagServer> => {
  const respond = opts.respond ?? defaultRespond;
  const requests: RagRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RagRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        rawBody: await readRaw(req),
      };
      requests.push(recorded);
      await send(res, respond(recorded));
    })().catch(() => res.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
};
