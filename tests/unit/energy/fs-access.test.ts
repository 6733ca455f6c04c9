import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCounterFs, errnoCode } from '../../../harness/energy/fs-access.js';
import { parsePidStat, parseProcStat, readTreeUsage } from '../../../harness/energy/proc.js';

const fds = (): number => readdirSync('/proc/self/fd').length;
/** Burns CPU in this process for about `ms` of wall time. */
const burn = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};
const selfTicks = (text: string): number => {
  const s = parsePidStat(text)!;
  return s.utime + s.stime;
};

describe('counter files kept open (createCounterFs)', () => {
  it('re-reads /proc/stat afresh through one kept descriptor', () => {
    const fs = createCounterFs();
    const before = fds();
    const first = parseProcStat(fs.readText('/proc/stat'))!;
    expect(fs.keptCount()).toBe(1);
    expect(fds()).toBe(before + 1);
    // The machine's tick counters move at 100 Hz: within a second, a kept read must see them move.
    let later = first;
    for (let i = 0; i < 100 && later.total === first.total; i++) {
      burn(10);
      later = parseProcStat(fs.readText('/proc/stat'))!;
    }
    expect(later.total).toBeGreaterThan(first.total);
    expect(fds()).toBe(before + 1);
    // Never behind a fresh open: the plain read taken before is at most the kept read taken after.
    const plain = parseProcStat(readFileSync('/proc/stat', 'utf8'))!;
    expect(parseProcStat(fs.readText('/proc/stat'))!.total).toBeGreaterThanOrEqual(plain.total);
    fs.close();
    expect(fds()).toBe(before);
  });

  it('re-reads /proc/<pid>/stat afresh: this process’s CPU time grows while it works', () => {
    const fs = createCounterFs();
    const path = `/proc/${process.pid}/stat`;
    const t0 = selfTicks(fs.readText(path));
    burn(150);
    const t1 = selfTicks(fs.readText(path));
    expect(fs.keptCount()).toBe(1);
    expect(t1).toBeGreaterThan(t0);
    fs.close();
  });

  it('fails as a fresh read would once the process is gone, and lets go of its file', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const path = `/proc/${child.pid}/stat`;
    const fs = createCounterFs();
    expect(parsePidStat(fs.readText(path))?.pid).toBe(child.pid);
    expect(fs.keptCount()).toBe(1);
    child.kill('SIGKILL');
    await once(child, 'exit');
    let code: string | undefined;
    try {
      fs.readText(path);
    } catch (e) {
      code = errnoCode(e);
    }
    expect(code).toBe('ENOENT');
    expect(fs.keptCount()).toBe(0);
  });

  it('closes the kept files of processes that left /proc when /proc is listed', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const fs = createCounterFs();
    fs.readText('/proc/stat');
    fs.readText(`/proc/${child.pid}/stat`);
    fs.readText(`/proc/${process.pid}/stat`);
    expect(fs.keptCount()).toBe(3);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(fs.listDir('/proc')).toContain(String(process.pid));
    expect(fs.keptCount()).toBe(2); // /proc/stat and this process stay open
    fs.close();
  });

  it('scans a process tree through kept files with the figures of plain reads', () => {
    const fs = createCounterFs();
    const plainBefore = readTreeUsage(process.pid)!;
    burn(30);
    const first = readTreeUsage(process.pid, { fs })!;
    expect(fs.keptCount()).toBeGreaterThan(1);
    burn(120);
    const kept = readTreeUsage(process.pid, { fs })!;
    burn(30);
    const plainAfter = readTreeUsage(process.pid)!;
    expect(first.cpuS).toBeGreaterThanOrEqual(plainBefore.cpuS);
    expect(kept.cpuS).toBeGreaterThan(first.cpuS);
    expect(kept.cpuS).toBeLessThanOrEqual(plainAfter.cpuS);
    expect(kept.rssBytes).toBeGreaterThan(0);
    fs.close();
    expect(fs.keptCount()).toBe(0);
  });

  it('reads ordinary files the plain way every time, so a replaced file is seen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'counter-fs-'));
    const file = join(dir, 'stat');
    writeFileSync(file, 'cpu 1 0 1 8\n');
    const fs = createCounterFs();
    expect(fs.readText(file)).toBe('cpu 1 0 1 8\n');
    expect(fs.keptCount()).toBe(0);
    writeFileSync(join(dir, 'next'), 'cpu 2 0 2 16\n');
    renameSync(join(dir, 'next'), file);
    expect(fs.readText(file)).toBe('cpu 2 0 2 16\n');
  });

  it('keeps at most `maxKept` files open and reads the others the plain way', () => {
    const fs = createCounterFs({ maxKept: 1 });
    const before = fds();
    const a = fs.readText('/proc/stat');
    const b = fs.readText(`/proc/${process.pid}/stat`);
    expect(parseProcStat(a)).not.toBeNull();
    expect(parsePidStat(b)?.pid).toBe(process.pid);
    expect(fs.keptCount()).toBe(1);
    expect(fds()).toBe(before + 1);
    fs.close();
    expect(fds()).toBe(before);
  });

  it('grows its buffer for a file longer than 4 KB and returns it whole', () => {
    const fs = createCounterFs();
    // /proc/self/maps of a Node process runs to tens of KB.
    const text = fs.readText('/proc/self/maps');
    expect(text.length).toBeGreaterThan(4096);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').length).toBeGreaterThan(50);
    fs.close();
  });

  it('raises the error of the open itself, as a plain read does', () => {
    const fs = createCounterFs();
    let code: string | undefined;
    try {
      fs.readText('/proc/no-such-file');
    } catch (e) {
      code = errnoCode(e);
    }
    expect(code).toBe('ENOENT');
    expect(fs.keptCount()).toBe(0);
  });
});

describe('first line of a counter file (readFirstLine)', () => {
  it('gives the aggregate cpu line of /proc/stat afresh, as the whole text would', () => {
    const fs = createCounterFs();
    const line = fs.readFirstLine!('/proc/stat');
    expect(line).toMatch(/^cpu\s+\d+/);
    expect(line).not.toContain('\n');
    const plainBefore = parseProcStat(readFileSync('/proc/stat', 'utf8'))!;
    let later = parseProcStat(fs.readFirstLine!('/proc/stat'))!;
    for (let i = 0; i < 100 && later.total === plainBefore.total; i++) {
      burn(10);
      later = parseProcStat(fs.readFirstLine!('/proc/stat'))!;
    }
    expect(later.total).toBeGreaterThan(plainBefore.total);
    expect(fs.keptCount()).toBe(1);
    fs.close();
  });

  it('reads a first line longer than its buffer whole, and a file without newline whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'counter-fs-'));
    const long = `${'x'.repeat(10_000)}\nsecond\n`;
    writeFileSync(join(dir, 'long'), long);
    writeFileSync(join(dir, 'bare'), 'cpu 1 2 3 4');
    const fs = createCounterFs();
    expect(fs.readFirstLine!(join(dir, 'long'))).toBe('x'.repeat(10_000));
    expect(fs.readFirstLine!(join(dir, 'bare'))).toBe('cpu 1 2 3 4');
    // A kept file: the first line of /proc/self/maps (a seq_file of many records).
    const maps = readFileSync('/proc/self/maps', 'utf8').split('\n', 1)[0];
    expect(fs.readFirstLine!('/proc/self/maps')).toBe(maps);
    expect(fs.readFirstLine!('/proc/self/maps')).toBe(maps);
    fs.close();
  });

  it('fails as a plain read would when the file is gone', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const path = `/proc/${child.pid}/stat`;
    const fs = createCounterFs();
    expect(fs.readFirstLine!(path)).toMatch(new RegExp(`^${child.pid} \\(sleep\\)`));
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(() => fs.readFirstLine!(path)).toThrow(/ENOENT/);
    expect(fs.keptCount()).toBe(0);
  });
});
