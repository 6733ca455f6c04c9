/**
 * Which observatory store a command uses: `--db`, else `BAC_A_SABLE_DB`, else the SQLite file
 * `reports/observatoire.db`. A `postgres://` (or `postgresql://`) address selects the shared
 * PostgreSQL store; anything else is a SQLite file path. Addresses are shown scrubbed of passwords.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { HarnessError } from '../../core/errors.js';
import { isPostgresUrl, scrubConnectionString } from './connection-string.js';
import { createSqliteStore, DEFAULT_DB_PATH } from './sqlite.js';
import type { ObservatoryStore } from './types.js';

/** The environment variable that points every command at one shared store. */
export const DB_ENV = 'BAC_A_SABLE_DB';

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** `--db` wins over the environment; a relative SQLite path is taken from `cwd`. */
export const locateStore = (opts: { cwd: string; env: Readonly<Record<string, string | undefined>>; db?: string | undefined; defaultPath?: string }): StoreLocation => {
  const spec = opts.db || opts.env[DB_ENV] || undefined;
  if (spec !== undefined && isPostgresUrl(spec)) return { kind: 'postgres', url: spec };
  return { kind: 'sqlite', path: resolve(opts.cwd, spec ?? opts.defaultPath ?? DEFAULT_DB_PATH) };
};

/** For messages: the path, or the address with its password replaced by `***`. */
export const describeStore = (where: StoreLocation, showPath: (file: string) => string = (f) => f): string =>
  where.kind === 'postgres' ? scrubConnectionString(where.url) : showPath(where.path);

/**
 * Opens the store, applying missing migrations. With `mustExist`, a SQLite file that is not there
 * is an error instead of being created (reading never creates an index).
 */
export const openStore = async (where: StoreLocation, opts: { mustExist?: boolean; showPath?: (file: string) => string } = {}): Promise<ObservatoryStore> => {
  if (where.kind === 'postgres') {
    const { createPostgresStore } = await import('./postgres.js');
    return createPostgresStore(where.url);
  }
  if (opts.mustExist && !existsSync(where.path)) {
    throw new HarnessError('invalid-input', `aucun historique : ${(opts.showPath ?? ((f) => f))(where.path)} n’existe pas`, {
      hint: 'indexez les campagnes déjà faites : bac-a-sable history import reports/runs',
    });
  }
  return createSqliteStore(where.path);
};
