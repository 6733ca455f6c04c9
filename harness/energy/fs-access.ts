/**
 * The two file-system reads the energy sources need, behind an injectable seam: tests swap them
 * to simulate a permission error (tests run as root, where chmod 000 does not stop a read).
 * Synchronous on purpose: sysfs and /proc reads take well under a millisecond, and a counter must
 * be read at the exact edge of a window, not after an await.
 */
import { closeSync, openSync, readFileSync, readSync, readdirSync, statfsSync } from 'node:fs';

export type FsAccess = {
  readText(path: string): string;
  listDir(path: string): string[];
  /**
   * The first line of the file (without its newline), when the file system can give it cheaper
   * than the whole text; callers fall back on `readText` without it.
   */
  readFirstLine?(path: string): string;
};

export const nodeFs: FsAccess = {
  readText: (path) => readFileSync(path, 'utf8'),
  listDir: (path) => readdirSync(path),
};

/** statfs(2) magic numbers (linux/magic.h): files whose text the kernel writes afresh at each read. */
const PROC_SUPER_MAGIC = 0x9fa0;
const SYSFS_MAGIC = 0x62656572;

/** Kept files at most: a process scan on a crowded machine reads the rest the plain way. */
const DEFAULT_MAX_KEPT = 256;

/**
 * The same reads for counters read at every window edge (/proc/stat, /proc/<pid>/stat, RAPL's
 * energy_uj): a procfs or sysfs file is opened once and then re-read from offset 0 into one reused
 * buffer, instead of open + fstat + read + close each time (36 → 16 µs a read on this VM). Exact,
 * not cached: these files are seq_file or sysfs attributes, whose text the kernel generates again
 * on every read at offset 0 (fs/seq_file.c `seq_read_iter` restarts at index 0 when `ki_pos` is 0;
 * Documentation/filesystems/sysfs.rst: "a pread(2) with an offset of '0' [calls] the show() method
 * again"), so each read returns what a fresh open would. A read that fails on a kept file (the process
 * exited, ESRCH; its pid reused) closes it and is retried once the plain way, so errors and a
 * reused pid read exactly as before. Files on any other file system (test fixtures) are read the
 * plain way every time. Listing a folder closes the kept files of entries that left it (exited
 * processes). `close()` releases every kept file; later reads reopen them.
 */
export const createCounterFs = (opts: { maxKept?: number } = {}): FsAccess & { close(): void; keptCount(): number } => {
  const maxKept = opts.maxKept ?? DEFAULT_MAX_KEPT;
  const kept = new Map<string, number>();
  let buf = Buffer.allocUnsafe(4096);

  /**
   * The whole file, from offset 0 to end of file, as readFileSync reads it. A short read is not
   * the end: a seq_file of many records (/proc/self/maps) stops at a page, so it reads until 0.
   */
  const readAll = (fd: number): string => {
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) return buf.toString('utf8', 0, n);
      n += got;
    }
  };
  const keepable = (path: string): boolean => {
    const type = statfsSync(path).type;
    return type === PROC_SUPER_MAGIC || type === SYSFS_MAGIC;
  };
  const forget = (path: string, fd: number): void => {
    kept.delete(path);
    try {
      closeSync(fd);
    } catch {
      // already unusable: nothing left to release
    }
  };
  const fresh = (path: string): string => {
    if (kept.size >= maxKept || !keepable(path)) return readFileSync(path, 'utf8');
    const fd = openSync(path, 'r');
    try {
      const text = readAll(fd);
      kept.set(path, fd);
      return text;
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  };

  const readText = (path: string): string => {
    const fd = kept.get(path);
    if (fd === undefined) return fresh(path);
    try {
      return readAll(fd);
    } catch {
      forget(path, fd);
      return fresh(path);
    }
  };
  const firstLineOf = (text: string): string => {
    const end = text.indexOf('\n');
    return end < 0 ? text : text.slice(0, end);
  };

  return {
    readText,
    /**
     * One read(2) at offset 0 when the line fits the buffer: the kernel generates the whole text
     * afresh for it, so its first line is exact, without the second read that finds end of file
     * (/proc/stat: 10 → 6 µs). Without a newline in what came back, the whole text is read.
     */
    readFirstLine(path) {
      const fd = kept.get(path);
      if (fd !== undefined) {
        let n = -1;
        try {
          n = readSync(fd, buf, 0, buf.length, 0);
        } catch {
          forget(path, fd);
        }
        const end = n <= 0 ? -1 : buf.subarray(0, n).indexOf(10);
        if (end >= 0) return buf.toString('utf8', 0, end);
      }
      return firstLineOf(readText(path));
    },
    listDir(path) {
      const names = readdirSync(path);
      const prefix = path.endsWith('/') ? path : `${path}/`;
      if (kept.size > 0) {
        const present = new Set(names);
        for (const [p, fd] of kept) {
          if (p.startsWith(prefix) && !present.has(p.slice(prefix.length).split('/', 1)[0] ?? '')) forget(p, fd);
        }
      }
      return names;
    },
    close() {
      for (const [p, fd] of kept) forget(p, fd);
    },
    keptCount: () => kept.size,
  };
};

/** The errno code of a failed read (`EACCES`, `ENOENT`…), or undefined. */
export const errnoCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
