/**
 * The two file-system reads the energy sources need, behind an injectable seam: tests swap them
 * to simulate a permission error (tests run as root, where chmod 000 does not stop a read).
 * Synchronous on purpose: sysfs and /proc reads take well under a millisecond, and a counter must
 * be read at the exact edge of a window, not after an await.
 */
import { readFileSync, readdirSync } from 'node:fs';

export type FsAccess = {
  readText(path: string): string;
  listDir(path: string): string[];
};

export const nodeFs: FsAccess = {
  readText: (path) => readFileSync(path, 'utf8'),
  listDir: (path) => readdirSync(path),
};

/** The errno code of a failed read (`EACCES`, `ENOENT`…), or undefined. */
export const errnoCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
