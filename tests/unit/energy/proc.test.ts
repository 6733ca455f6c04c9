import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parsePidStat,
  parseProcStat,
  readMachineTicks,
  readTreeCpuS,
  readTreeUsage,
  scanProcesses,
  ticksFromOsCpus,
  treeTicks,
} from '../../../harness/energy/proc.js';
import { FIXTURES, memoryFs, pidStat } from './helpers.js';

const PROC = join(FIXTURES, 'proc-tree');

describe('/proc/stat', () => {
  it('uses psutil semantics: guest excluded from total, busy = total − idle − iowait', () => {
    expect(parseProcStat('cpu  116175 0 21921 1688625 1080 0 218 310 40 10\ncpu0 1 2 3 4\n')).toEqual({ busy: 138624, total: 1828329 });
    expect(readMachineTicks(PROC)).toEqual({ busy: 138624, total: 1828329 });
  });

  it('accepts old kernels with fewer fields and refuses anything else', () => {
    expect(parseProcStat('cpu 10 0 5 85\n')).toEqual({ busy: 15, total: 100 });
    expect(parseProcStat('cpu0 10 0 5 85\n')).toBeNull();
    expect(parseProcStat('')).toBeNull();
    expect(readMachineTicks('/nonexistent')).toBeNull();
  });

  it('falls back on os.cpus() times (ms → ticks of 10 ms)', () => {
    const times = { user: 300, nice: 0, sys: 100, idle: 600, irq: 0 };
    expect(ticksFromOsCpus([{ model: 'x', speed: 0, times }, { model: 'x', speed: 0, times }])).toEqual({ busy: 80, total: 200 });
    expect(ticksFromOsCpus([])).toBeNull();
  });
});

describe('/proc/<pid>/stat', () => {
  it('reads the fields after the last ")", whatever the command name holds', () => {
    expect(parsePidStat('101 (ollama runner) (x) S 100 101 101 0 -1 4194560 1000 0 0 0 1500 250 3 4 20 0 4 0')).toEqual({
      pid: 101,
      ppid: 100,
      utime: 1500,
      stime: 250,
      cutime: 3,
      cstime: 4,
    });
    expect(parsePidStat('garbage')).toBeNull();
    expect(parsePidStat('7 (short) S 1 2 3')).toBeNull();
  });

  it('sums the tree of a server: its children, grandchildren and their exited children', () => {
    const stats = scanProcesses(PROC);
    expect(stats.map((s) => s.pid).sort((a, b) => a - b)).toEqual([1, 100, 101, 102, 200]);
    // 100 → 120+30+40+10, 101 → 1500+250, 102 → 300+50+5+5; 200 is not in the tree.
    expect(treeTicks(stats, 100)).toMatchObject({ ticks: 2310, pids: [100, 101, 102] });
    expect(readTreeCpuS(100, { procRoot: PROC })).toBeCloseTo(23.1, 10);
    expect(readTreeCpuS(4242, { procRoot: PROC })).toBeNull();
    expect(readTreeCpuS(100, { procRoot: '/nonexistent' })).toBeNull();
  });

  it('sums the resident memory of the tree (field 24, pages × 4096), as CodeCarbon process_memory_GB', () => {
    const files = new Map<string, string | Error>([
      ['/proc/700/stat', pidStat({ pid: 700, ppid: 1, utime: 100, stime: 0, rssPages: 1000 })],
      ['/proc/701/stat', pidStat({ pid: 701, ppid: 700, utime: 50, stime: 0, rssPages: 262_144 })],
      ['/proc/900/stat', pidStat({ pid: 900, ppid: 1, utime: 0, stime: 0, rssPages: 999_999 })],
    ]);
    expect(readTreeUsage(700, { procRoot: '/proc', fs: memoryFs(files) })).toEqual({ cpuS: 1.5, rssBytes: (1000 + 262_144) * 4096 });
    expect(parsePidStat('101 (x) S 100 101 101 0 -1 4194560 1000 0 0 0 1500 250 3 4 20 0 4 0')).not.toHaveProperty('rssPages');
  });

  it('stays continuous when a grandchild exits and is reaped by a live child', () => {
    const files = new Map<string, string | Error>([
      ['/proc/10/stat', pidStat({ pid: 10, ppid: 1, utime: 5, stime: 5 })],
      ['/proc/11/stat', pidStat({ pid: 11, ppid: 10, utime: 100, stime: 0 })],
      ['/proc/12/stat', pidStat({ pid: 12, ppid: 11, utime: 300, stime: 20 })],
    ]);
    const fs = memoryFs(files);
    expect(readTreeCpuS(10, { fs })).toBeCloseTo(4.3, 10);
    // 12 exits after 10 more ticks and 11 waits for it: its time moves into 11's cutime/cstime.
    files.delete('/proc/12/stat');
    files.set('/proc/11/stat', pidStat({ pid: 11, ppid: 10, utime: 100, stime: 0, cutime: 310, cstime: 20 }));
    expect(readTreeCpuS(10, { fs })).toBeCloseTo(4.4, 10);
  });

  it('honours another CLK_TCK', () => {
    expect(readTreeCpuS(100, { procRoot: PROC, clkTck: 1000 })).toBeCloseTo(2.31, 10);
  });
});
