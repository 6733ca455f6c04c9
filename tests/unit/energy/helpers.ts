/** Shared test helpers for the energy modules: fixture materialisation and an in-memory file system. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FsAccess } from '../../../harness/energy/fs-access.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'energy');

/** Writes a powercap JSON fixture (zone dir → files) out as a real folder tree; returns its root. */
export const materializePowercap = (fixture: string): string => {
  const spec = JSON.parse(readFileSync(join(FIXTURES, 'powercap', `${fixture}.json`), 'utf8')) as {
    dirs: Record<string, Record<string, string>>;
  };
  const root = mkdtempSync(join(tmpdir(), 'powercap-'));
  for (const [dir, files] of Object.entries(spec.dirs)) {
    mkdirSync(join(root, dir), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, dir, name), `${text}\n`);
  }
  return root;
};

/** An errno-style error, as fs throws. */
export const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: simulé`), { code });

/**
 * An in-memory file system with POSIX paths: `files` maps a path to its text, or to an error to
 * throw when read. Directory listings are derived from the paths. Mutate `files` between reads.
 */
export const memoryFs = (files: Map<string, string | Error>): FsAccess => ({
  readText(path) {
    const v = files.get(path);
    if (v === undefined) throw errno('ENOENT');
    if (v instanceof Error) throw v;
    return v;
  },
  listDir(path) {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const names = new Set<string>();
    for (const key of files.keys()) if (key.startsWith(prefix)) names.add(key.slice(prefix.length).split('/')[0] ?? '');
    if (names.size === 0) throw errno('ENOENT');
    return [...names];
  },
});

/** `/proc/<pid>/stat` text with the fields the energy code reads. */
export const pidStat = (p: { pid: number; comm?: string; ppid: number; utime: number; stime: number; cutime?: number; cstime?: number; rssPages?: number }): string =>
  `${p.pid} (${p.comm ?? 'proc'}) S ${p.ppid} ${p.pid} ${p.pid} 0 -1 4194560 0 0 0 0 ${p.utime} ${p.stime} ${p.cutime ?? 0} ${p.cstime ?? 0} 20 0 1 0 1 0 ${p.rssPages ?? 0}\n`;

/** `/proc/stat` text whose first line gives these busy and idle ticks (no iowait, no guest). */
export const procStat = (busy: number, idle: number): string => `cpu  ${busy} 0 0 ${idle} 0 0 0 0 0 0\n`;

/**
 * A fake 2-CPU machine for the meters: `files` holds /proc/stat, whose ticks move only when the
 * test advances the clock with `run(ms, load)`, at that load (0..1).
 */
export const tickingMachine = (files = new Map<string, string | Error>()) => {
  let busy = 0;
  let idle = 0;
  let t = 0;
  files.set('/proc/stat', procStat(0, 0));
  return {
    files,
    clock: () => t,
    run(ms: number, load: number) {
      t += ms;
      const ticks = (2 * 100 * ms) / 1000;
      busy += ticks * load;
      idle += ticks * (1 - load);
      files.set('/proc/stat', procStat(busy, idle));
    },
  };
};

export const p = posix.join;
