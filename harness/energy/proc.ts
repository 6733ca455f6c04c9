/**
 * CPU counters from Linux `/proc` (proc(5)): machine busy/total ticks from the first line of
 * `/proc/stat`, and the CPU time of a process tree from `/proc/<pid>/stat`.
 *
 * Ticks are USER_HZ clock ticks: 100 per second on every Linux architecture (`getconf CLK_TCK`
 * → 100), which is why the default below is not read from the system; pass another value if a
 * kernel ever differs.
 */
import type { CpuInfo } from 'node:os';
import { join } from 'node:path';
import { nodeFs, type FsAccess } from './fs-access.js';

export const DEFAULT_PROC_ROOT = '/proc';
export const DEFAULT_CLK_TCK = 100;

/** Machine CPU counters, in ticks summed over all CPUs. */
export type CpuTicks = { busy: number; total: number };

/**
 * Parses the aggregate `cpu` line with psutil's semantics (`_cpu_busy_time`): total is the sum of
 * all fields minus guest and guest_nice (already counted in user and nice), busy is total minus
 * idle and iowait, so steal time counts as busy.
 */
export const parseProcStat = (text: string): CpuTicks | null => {
  const line = text.split('\n', 1)[0] ?? '';
  const [label, ...rest] = line.trim().split(/\s+/);
  if (label !== 'cpu' || rest.length < 4) return null;
  const f = rest.map(Number);
  if (f.some((n) => !Number.isFinite(n) || n < 0)) return null;
  const at = (i: number): number => f[i] ?? 0;
  // Fields: user nice system idle iowait irq softirq steal guest guest_nice
  const total = f.reduce((a, b) => a + b, 0) - at(8) - at(9);
  return { busy: total - at(3) - at(4), total };
};

const machineTicksOf = (path: string, fs: FsAccess): CpuTicks | null => {
  try {
    // Only the aggregate `cpu` line is parsed: a file system that can read just that line does.
    return parseProcStat(fs.readFirstLine ? fs.readFirstLine(path) : fs.readText(path));
  } catch {
    return null;
  }
};

export const readMachineTicks = (procRoot = DEFAULT_PROC_ROOT, fs: FsAccess = nodeFs): CpuTicks | null => machineTicksOf(join(procRoot, 'stat'), fs);

/** The same, as a reader of one path made once (the meter reads it at every window edge). */
export const machineTicksReader = (procRoot = DEFAULT_PROC_ROOT, fs: FsAccess = nodeFs): (() => CpuTicks | null) => {
  const path = join(procRoot, 'stat');
  return () => machineTicksOf(path, fs);
};

/**
 * The same counters from `os.cpus()` (ms), for systems without `/proc/stat`. Node gives no
 * iowait or steal there, so busy is user + nice + sys + irq. Converted to ticks of 10 ms.
 */
export const ticksFromOsCpus = (cpus: readonly CpuInfo[]): CpuTicks | null => {
  if (cpus.length === 0) return null;
  let busy = 0;
  let idle = 0;
  for (const { times } of cpus) {
    busy += times.user + times.nice + times.sys + times.irq;
    idle += times.idle;
  }
  return { busy: busy / 10, total: (busy + idle) / 10 };
};

export type PidStat = {
  pid: number;
  ppid: number;
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
  /** Resident set size in pages (field 24), when the line has it. */
  rssPages?: number;
};

/** Linux page size on x86-64 and most arm64 kernels (`getconf PAGESIZE`); used to turn `rss` pages into bytes. */
export const DEFAULT_PAGE_SIZE = 4096;

/**
 * Parses `/proc/<pid>/stat`. `comm` (field 2) may hold spaces and parentheses, so fields are
 * counted after the last `)`: that text starts at field 3, so field n is at index n − 3.
 */
export const parsePidStat = (text: string): PidStat | null => {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // Fields 3 to 24 only (of 52): the rest is never read, and splitting it cost most of the parse.
  const f = text.slice(close + 1).trim().split(/\s+/, 22).map(Number);
  const field = (n: number): number => f[n - 3] ?? Number.NaN;
  const stat = { pid, ppid: field(4), utime: field(14), stime: field(15), cutime: field(16), cstime: field(17) };
  if (!Object.values(stat).every((n) => Number.isInteger(n) && n >= 0)) return null;
  const rss = field(24);
  return Number.isInteger(rss) && rss >= 0 ? { ...stat, rssPages: rss } : stat;
};

/** Every readable `/proc/<pid>/stat`; processes that vanish during the scan are skipped. */
export const scanProcesses = (procRoot = DEFAULT_PROC_ROOT, fs: FsAccess = nodeFs): PidStat[] => {
  const stats: PidStat[] = [];
  for (const entry of fs.listDir(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parsePidStat(fs.readText(join(procRoot, entry, 'stat')));
      if (stat) stats.push(stat);
    } catch {
      // exited between the listing and the read
    }
  }
  return stats;
};

/**
 * CPU ticks of the tree rooted at `rootPid`: for the root and every live descendant,
 * utime + stime + cutime + cstime. A child that exited and was waited for moves its time into
 * its parent's cutime/cstime, so counting every member's c-times keeps the sum continuous when a
 * grandchild exits (counting only the root's, as a shortcut, would make the sum drop). An orphan
 * re-parented outside the tree is lost. Null when the root is gone.
 */
export const treeTicks = (stats: readonly PidStat[], rootPid: number): { ticks: number; pids: number[]; rssPages: number | null } | null => {
  const children = new Map<number, PidStat[]>();
  let root: PidStat | undefined;
  for (const s of stats) {
    if (s.pid === rootPid) root = s;
    const list = children.get(s.ppid);
    if (list) list.push(s);
    else children.set(s.ppid, [s]);
  }
  if (!root) return null;
  let ticks = 0;
  let rssPages: number | null = 0;
  const pids: number[] = [];
  const queue: PidStat[] = [root];
  const seen = new Set<number>();
  for (let s = queue.shift(); s; s = queue.shift()) {
    if (seen.has(s.pid)) continue;
    seen.add(s.pid);
    pids.push(s.pid);
    ticks += s.utime + s.stime + s.cutime + s.cstime;
    rssPages = rssPages === null || s.rssPages === undefined ? null : rssPages + s.rssPages;
    queue.push(...(children.get(s.pid) ?? []));
  }
  return { ticks, pids, rssPages };
};

/** CPU seconds of a process tree now, or null when `/proc` or the root process is missing. */
export const readTreeCpuS = (
  rootPid: number,
  opts: { procRoot?: string; fs?: FsAccess; clkTck?: number } = {},
): number | null => readTreeUsage(rootPid, opts)?.cpuS ?? null;

/**
 * CPU seconds and resident memory (bytes, Σ RSS of the root and its live descendants, as
 * CodeCarbon's `RAM.process_memory_GB`) of a process tree, from one scan of `/proc`. Null when
 * `/proc` or the root is missing; `rssBytes` null when a member's line has no RSS field.
 */
export const readTreeUsage = (
  rootPid: number,
  opts: { procRoot?: string; fs?: FsAccess; clkTck?: number; pageSize?: number } = {},
): { cpuS: number; rssBytes: number | null } | null => {
  let stats: PidStat[];
  try {
    stats = scanProcesses(opts.procRoot, opts.fs);
  } catch {
    return null;
  }
  const tree = treeTicks(stats, rootPid);
  if (tree === null) return null;
  return { cpuS: tree.ticks / (opts.clkTck ?? DEFAULT_CLK_TCK), rssBytes: tree.rssPages === null ? null : tree.rssPages * (opts.pageSize ?? DEFAULT_PAGE_SIZE) };
};
