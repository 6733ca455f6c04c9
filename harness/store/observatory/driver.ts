/**
 * The slice of better-sqlite3 the observatory uses, typed here because the package ships no
 * TypeScript declarations (and @types/better-sqlite3 is not installed). Loaded with `require`:
 * it is a CommonJS native addon.
 */
import { createRequire } from 'node:module';

export type SqlValue = string | number | bigint | null;
/** Named (`@name`) or positional (`?`, in order) parameters. */
export type SqlParams = Record<string, SqlValue> | readonly SqlValue[];

export interface SqliteStatement {
  run(params?: SqlParams): { changes: number };
  get(params?: SqlParams): unknown;
  all(params?: SqlParams): unknown[];
  /** The rows one at a time, for results too large to hold twice. */
  iterate(params?: SqlParams): IterableIterator<unknown>;
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  /** `simple: true` returns the first column of the first row. */
  pragma(sql: string, opts?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): ((...args: A) => R) & { immediate(...args: A): R };
  close(): void;
}

export type OpenOptions = { readonly?: boolean; fileMustExist?: boolean; /** busy timeout, ms */ timeout?: number };

type DatabaseConstructor = new (file: string, opts?: OpenOptions) => SqliteDatabase;

const require = createRequire(import.meta.url);

export const openDatabase = (file: string, opts: OpenOptions = {}): SqliteDatabase => {
  const Database = require('better-sqlite3') as DatabaseConstructor;
  return new Database(file, opts);
};
