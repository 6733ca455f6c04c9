/**
 * A real, throwaway PostgreSQL server for tests: `initdb` in a temporary folder, `pg_ctl start` on
 * a free loopback port (TCP on 127.0.0.1 only, socket in the same folder), stopped and removed by
 * `stop()`. As root (the CI container), the server runs as the `postgres` user, which PostgreSQL
 * requires. When the binaries are absent, `postgresBinDir()` is null: tests skip with a message,
 * except in CI (`CI` set) where absence is a failure.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const postgresBinDir = (): string | null => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(root, versions[0], 'bin');
};

/** For `describe.skipIf`: true when tests must skip; throws in CI, where PostgreSQL must be there. */
export const skipWithoutPostgres = (): boolean => {
  if (postgresBinDir() !== null) return false;
  if (process.env.CI) throw new Error('PostgreSQL absent en CI : .ci/run doit installer le paquet postgresql');
  console.warn('PostgreSQL absent (/usr/lib/postgresql/*/bin) : tests PostgreSQL ignorés hors CI');
  return true;
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });

const postgresUser = (): { uid: number; gid: number } | null => {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
};

export type TestPostgres = {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** A fresh empty database; returns its connection string. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
};

let dbCounter = 0;

export const startPostgres = async (): Promise<TestPostgres> => {
  const bin = postgresBinDir();
  if (bin === null) throw new Error('PostgreSQL absent');
  const dir = mkdtempSync(join(tmpdir(), 'bas-pg-'));
  const user = postgresUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (tool: string, args: string[]) => {
    const cmd = user ? 'runuser' : join(bin, tool);
    const argv = user ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-instructions']);
  const port = await freePort();
  run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', join(dir, 'server.log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c fsync=off`]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async createDatabase() {
      const name = `bas_${process.pid}_${++dbCounter}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      try {
        run('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', data]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
};
