/**
 * GPU power from one long-lived `nvidia-smi … -lms 100` child, whose CSV lines are kept as
 * samples and trapezoid-integrated over each window (§5.2–5.3). One child for the whole run:
 * starting nvidia-smi per window would cost ~100 ms and miss short windows.
 *
 * Clock: nvidia-smi stamps each line with its local wall-clock time. A sample's time on the
 * meter's clock is its stamp plus the smallest (arrival − stamp) seen so far: arrival can only be
 * late, never early, so the minimum is the best estimate of the offset, immune to pipe delays.
 */
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { gpuWindow, parseNvidiaSmiLine, type GpuSample } from './nvidia-smi-parse.js';
import type { GpuPowerSource, GpuWindow } from './types.js';

export const NVIDIA_SMI_QUERY = ['--query-gpu=timestamp,index,power.draw,utilization.gpu', '--format=csv,noheader,nounits'];

export type NvidiaSmiOptions = {
  /** Path or name of the program; `nvidia-smi` by default (tests pass a fake script). */
  command?: string;
  intervalMs?: number;
  /** The meter's clock (ms); performance.now by default. */
  clock?: () => number;
  spawn?: typeof nodeSpawn;
  /** Oldest samples are dropped beyond this count (200 000 ≈ 5.5 h of one GPU at 10 Hz). */
  maxSamples?: number;
  /** How long `ready()` waits for the first line. */
  readyTimeoutMs?: number;
};

export type SourceState = { state: 'idle' | 'running' | 'stopped' | 'unavailable'; reason?: string };

export interface NvidiaSmiSource extends GpuPowerSource {
  /** Resolves at the first sample, or when the program is missing, fails or stays silent. */
  ready(): Promise<SourceState>;
  status(): SourceState;
  samples(): readonly GpuSample[];
  /** Forgets samples older than `tMs` (meter clock), once no window needs them. */
  pruneBefore(tMs: number): void;
}

type Raw = { stampMs: number | null; arrivedMs: number; index: number; powerW: number | null; utilPct: number | null };

export const createNvidiaSmiSource = (opts: NvidiaSmiOptions = {}): NvidiaSmiSource => {
  const command = opts.command ?? 'nvidia-smi';
  const intervalMs = opts.intervalMs ?? 100;
  const clock = opts.clock ?? (() => performance.now());
  const maxSamples = opts.maxSamples ?? 200_000;
  let raw: Raw[] = [];
  let offsetMs = Number.POSITIVE_INFINITY;
  let child: ChildProcess | null = null;
  let status: SourceState = { state: 'idle' };
  let firstProblem: string | null = null;
  const waiters: ((s: SourceState) => void)[] = [];

  const settle = (next: SourceState): void => {
    status = next;
    for (const w of waiters.splice(0)) w(next);
  };

  const onLine = (line: string): void => {
    const parsed = parseNvidiaSmiLine(line);
    if (!parsed) {
      if (line.trim() !== '' && firstProblem === null) firstProblem = line.trim();
      return;
    }
    const arrivedMs = clock();
    if (parsed.stampMs !== null) offsetMs = Math.min(offsetMs, arrivedMs - parsed.stampMs);
    raw.push({ ...parsed, arrivedMs });
    if (raw.length > maxSamples) raw = raw.slice(raw.length - maxSamples);
    if (status.state === 'idle') settle({ state: 'running' });
  };

  const samples = (): GpuSample[] =>
    raw.map((r) => ({
      tMs: r.stampMs !== null && Number.isFinite(offsetMs) ? r.stampMs + offsetMs : r.arrivedMs,
      index: r.index,
      powerW: r.powerW,
      utilPct: r.utilPct,
    }));

  const start = (): void => {
    if (child) return;
    const proc = (opts.spawn ?? nodeSpawn)(command, [...NVIDIA_SMI_QUERY, '-lms', String(intervalMs)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let buffer = '';
    proc.stdout?.setEncoding('utf8');
    proc.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      if (firstProblem === null && chunk.trim() !== '') firstProblem = chunk.trim().split('\n')[0] ?? null;
    });
    proc.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' ? `nvidia-smi introuvable (« ${command} ») : pas de GPU NVIDIA ou pilote absent` : `nvidia-smi n’a pas pu démarrer : ${e.message}`;
      settle({ state: 'unavailable', reason: why });
    });
    // 'close', not 'exit': it fires once stdout and stderr are drained, so no last line is lost.
    proc.on('close', (code, signal) => {
      if (buffer.trim() !== '') onLine(buffer);
      buffer = '';
      child = null;
      if (status.state === 'unavailable' || status.state === 'stopped') return;
      const detail = firstProblem ? ` : ${firstProblem}` : '';
      if (raw.length === 0) settle({ state: 'unavailable', reason: `nvidia-smi a échoué (code ${code ?? signal})${detail}` });
      else settle({ state: 'stopped', reason: `nvidia-smi s’est arrêté (code ${code ?? signal})${detail}` });
    });
    // A forgotten stop() must not keep the harness alive.
    proc.unref();
    (proc.stdout as Socket | null)?.unref();
    (proc.stderr as Socket | null)?.unref();
  };

  return {
    start,
    stop() {
      if (status.state !== 'unavailable') settle({ state: 'stopped', ...(status.reason ? { reason: status.reason } : {}) });
      child?.kill('SIGTERM');
      child = null;
    },
    ready() {
      if (status.state !== 'idle') return Promise.resolve(status);
      return new Promise<SourceState>((resolve) => {
        const timer = setTimeout(() => {
          const i = waiters.indexOf(done);
          if (i >= 0) waiters.splice(i, 1);
          resolve({ state: 'unavailable', reason: `nvidia-smi n’a rien renvoyé en ${opts.readyTimeoutMs ?? 5000} ms` });
        }, opts.readyTimeoutMs ?? 5000);
        const done = (s: SourceState): void => {
          clearTimeout(timer);
          resolve(s);
        };
        waiters.push(done);
      });
    },
    status: () => status,
    samples,
    pruneBefore(tMs) {
      const kept = samples();
      raw = raw.filter((_, i) => (kept[i]?.tMs ?? 0) >= tMs);
    },
    energyBetween(fromMs, toMs): GpuWindow {
      if (status.state === 'unavailable') return { joules: null, reason: status.reason ?? 'nvidia-smi indisponible', flags: ['source-unavailable'] };
      return gpuWindow(samples(), fromMs, toMs, intervalMs);
    },
    latestPowerW() {
      const latest = new Map<number, number>();
      for (const r of raw) if (r.powerW !== null) latest.set(r.index, r.powerW);
      return latest.size === 0 ? null : [...latest.values()].reduce((a, b) => a + b, 0);
    },
  };
};
