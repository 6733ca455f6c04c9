// Preloaded with `node --import` into every measured child: at exit, appends the process's peak
// resident set (getrusage ru_maxrss, kB on Linux) and CPU time to the file named by BENCH_RSS_FILE.
// A file rather than stdout so the measured program's own output is left untouched.
// With BENCH_MEM_TRACE=<file>, also appends process.memoryUsage() every BENCH_MEM_TRACE_MS ms (100
// by default) with a wall-clock timestamp (memory diagnosis by phase:
// V8 heap vs buffers vs the rest), from an unref'd timer that never keeps the process alive.
import { appendFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    appendFileSync(file, `${JSON.stringify({ pid: process.pid, maxRssKb: u.maxRSS, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000 })}\n`);
  });
}
const trace = process.env.BENCH_MEM_TRACE;
if (trace) {
  const t0 = performance.now();
  const MB = 1e6;
  // BENCH_MEM_TRACE_GC=1 (with node --expose-gc): a full GC before each sample, so heapUsed is
  // the live set rather than live data plus garbage not yet collected.
  const gc = process.env.BENCH_MEM_TRACE_GC === '1' ? globalThis.gc : undefined;
  setInterval(() => {
    gc?.();
    const m = process.memoryUsage();
    const row = { at: Date.now(), tS: (performance.now() - t0) / 1000, rssMb: m.rss / MB, heapUsedMb: m.heapUsed / MB, heapTotalMb: m.heapTotal / MB, externalMb: m.external / MB, arrayBuffersMb: m.arrayBuffers / MB };
    appendFileSync(trace, `${JSON.stringify(row)}\n`);
  }, Number(process.env.BENCH_MEM_TRACE_MS ?? 100)).unref();
}
