/**
 * `bac-a-sable serve`: the web observatory, read-only, over the store `history` uses (the SQLite
 * file or the shared PostgreSQL). Listens on 127.0.0.1 by default; any other address needs an
 * access token and the server refuses to start without one. Stops on Ctrl-C.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { describeStore, locateStore, openStore } from '../store/observatory/open.js';
import { requiredToken } from '../serve/access.js';
import { createObservatoryApp } from '../serve/app.js';
import { display, type CommandContext } from './context.js';

export type ServeArgs = { host?: string; port?: number; token?: string; db?: string };

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;

export type RunningServer = { url: string; close(): Promise<void> };

/** Starts the server and returns once it listens (tests use this; the command waits for Ctrl-C). */
export const startServe = async (ctx: CommandContext, args: ServeArgs): Promise<RunningServer> => {
  const host = args.host ?? DEFAULT_HOST;
  const token = requiredToken(host, args.token, ctx.env); // refuses before opening anything
  const where = locateStore({ cwd: ctx.cwd, env: ctx.env, db: args.db });
  const showPath = (file: string) => display(ctx, file);
  const store = await openStore(where, { mustExist: true, showPath });
  const app = createObservatoryApp({ store, token, log: (line) => ctx.stderr.write(`${line}\n`) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: args.port ?? DEFAULT_PORT }, () => resolve(s));
    s.once('error', reject);
  }).catch(async (e: unknown) => {
    await store.close();
    throw e;
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}/`;
  ctx.stdout.write(`Observatoire web (lecture seule) : ${url}\nDonnées : ${describeStore(where, showPath)}\n${token ? 'Accès protégé par jeton.\n' : 'Accès limité à cette machine (127.0.0.1).\n'}`);
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
};

export const serveCommand = async (ctx: CommandContext, args: ServeArgs): Promise<void> => {
  const running = await startServe(ctx, args);
  ctx.stdout.write('Ctrl-C pour arrêter.\n');
  await new Promise<void>((resolve) => {
    if (ctx.stopSignal.aborted) resolve();
    ctx.stopSignal.addEventListener('abort', () => resolve(), { once: true });
  });
  await running.close();
};
