/**
 * PostgreSQL connection strings carry a password: they are shown only scrubbed. Kept apart from
 * `postgres.ts` so that telling a path from an address does not load the driver.
 */

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; a password in the query string too. */
export const scrubConnectionString = (url: string): string => {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString().replace('%2A%2A%2A', '***');
  } catch {
    // Not a parsable URL: everything up to the last @ may be the password (an unescaped @ in it).
    return url.replace(/\/\/([^:/@]*):.*@/, '//$1:***@');
  }
};

/** `postgres://…` or `postgresql://…`; anything else is a SQLite file path. */
export const isPostgresUrl = (spec: string): boolean => /^postgres(ql)?:\/\//i.test(spec);

