/**
 * What is particular to the PostgreSQL store, on a real throwaway server: a read-only user (the
 * one `serve` should run with) opens and reads a migrated database but cannot write; a database
 * from a newer harness is refused; connection strings never show their password.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrubConnectionString } from '../../../harness/store/observatory/connection-string.js';
import { createPostgresStore } from '../../../harness/store/observatory/postgres.js';
import { skipWithoutPostgres, startPostgres, type TestPostgres } from '../../helpers/postgres.js';
import { runBundle } from './six-runs.js';

describe('connection strings', () => {
  it('replace the password by *** wherever it is', () => {
    expect(scrubConnectionString('postgres://obs:s3cr%40t@pg.interne:5432/observatoire')).toBe('postgres://obs:***@pg.interne:5432/observatoire');
    expect(scrubConnectionString('postgresql://obs@pg/db?password=s3cret&sslmode=require')).toBe('postgresql://obs@pg/db?password=***&sslmode=require');
    expect(scrubConnectionString('postgres://pg/db')).toBe('postgres://pg/db');
    expect(scrubConnectionString('postgres://obs:p@ss:word@[::1')).not.toContain('ss:word');
  });
});

describe.skipIf(skipWithoutPostgres())('PostgreSQL store', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => server?.stop());

  const admin = async (url: string, sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  it('lets a read-only user read a migrated database, and nothing more', async () => {
    const url = await server.createDatabase();
    const writer = await createPostgresStore(url);
    await writer.putRun(runBundle(0));
    await writer.close();
    await admin(url, `CREATE ROLE lecteur LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO lecteur;
      GRANT SELECT ON ALL TABLES IN SCHEMA public TO lecteur;`);
    const reader = await createPostgresStore(url.replace('postgres@', 'lecteur@'));
    try {
      expect((await reader.listRuns()).map((r) => r.runId)).toEqual(['20260302-080000-000']);
      expect(await reader.caseHistory('fr-es', 'cas-001', { model: 'mistral' })).toHaveLength(1);
      await expect(reader.putRun(runBundle(1))).rejects.toThrow(/permission denied/);
      await expect(reader.deleteRun('20260302-080000-000')).rejects.toThrow(/permission denied/);
      expect(await reader.listRuns()).toHaveLength(1);
    } finally {
      await reader.close();
    }
  });

  it('refuses a database written by a newer harness, in French', async () => {
    const url = await server.createDatabase();
    await (await createPostgresStore(url)).close();
    await admin(url, 'INSERT INTO bac_a_sable_schema VALUES (99)');
    await expect(createPostgresStore(url)).rejects.toThrow(/version 99, plus récente que ce bac-à-sable/);
  });
});
