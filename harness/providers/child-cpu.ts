/**
 * CPU time of finished child processes, read from `/proc/self/stat` (Linux). Its fields `cutime`
 * and `cstime` hold the user and system time of every child this process has waited for, and
 * each child's own waited-for descendants roll into it: a shell script running a pipeline
 * (Apertium) is counted whole, which the child's own rusage would miss.
 *
 * Limits: the counter is per parent process, so children of this process that finish during the
 * same window are mixed in (the runner serialises local programs while it measures energy); a
 * descendant orphaned by a kill is not counted; resolution is one clock tick (10 ms).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Clock ticks per second of `/proc` times: the kernel's USER_HZ, 100 on every Linux architecture
 * (proc(5): "measured in clock ticks (divide by sysconf(_SC_CLK_TCK))"; `getconf CLK_TCK` → 100).
 */
export const LINUX_CLOCK_TICKS_PER_S = 100;

/** 1-based field numbers in proc(5); `comm` (field 2) may hold spaces and parentheses. */
const CUTIME_FIELD = 16;
const CSTIME_FIELD = 17;
/** The text after the last `)` starts at field 3 (`state`). */
const FIRST_FIELD_AFTER_COMM = 3;

/** `cutime + cstime` in clock ticks from the text of a `stat` file; null when unreadable. */
export const parseChildTicks = (stat: string): number | null => {
  const end = stat.lastIndexOf(')');
  if (end < 0) return null;
  const fields = stat.slice(end + 1).trim().split(/\s+/);
  const cutime = Number(fields[CUTIME_FIELD - FIRST_FIELD_AFTER_COMM]);
  const cstime = Number(fields[CSTIME_FIELD - FIRST_FIELD_AFTER_COMM]);
  return Number.isInteger(cutime) && Number.isInteger(cstime) && cutime >= 0 && cstime >= 0 ? cutime + cstime : null;
};

export type ChildCpuClock = {
  /** CPU ms of every finished child so far, or null where `/proc` is absent (not Linux). */
  readMs(): number | null;
};

/**
 * A clock over `<procRoot>/self/stat`. Reads are synchronous on purpose: taken right when a child
 * is reaped, before another child can finish in between.
 */
export const createChildCpuClock = (
  opts: { procRoot?: string; clockTicksPerS?: number } = {},
): ChildCpuClock => {
  const file = join(opts.procRoot ?? '/proc', 'self', 'stat');
  const ticksPerS = opts.clockTicksPerS ?? LINUX_CLOCK_TICKS_PER_S;
  return {
    readMs() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return null;
      }
      const ticks = parseChildTicks(text);
      return ticks === null ? null : (ticks * 1000) / ticksPerS;
    },
  };
};

/** CPU ms between two readings, or undefined when either is unknown (or the counter went back). */
export const cpuDeltaMs = (beforeMs: number | null, afterMs: number | null): number | undefined =>
  beforeMs === null || afterMs === null || afterMs < beforeMs ? undefined : afterMs - beforeMs;
