/**
 * Pure side of the nvidia-smi source: parsing the CSV lines of
 * `nvidia-smi --query-gpu=timestamp,index,power.draw,utilization.gpu --format=csv,noheader,nounits`
 * and integrating the kept samples over a window.
 */
import { integrate, type Point } from './trapezoid.js';
import type { GpuWindow } from './types.js';

export type NvidiaSmiLine = { stampMs: number | null; index: number; powerW: number | null; utilPct: number | null };

/** A sample on the meter's clock. */
export type GpuSample = { tMs: number; index: number; powerW: number | null; utilPct: number | null };

/** `2024/05/10 14:03:21.123` (nvidia-smi's local-time stamp) → epoch ms, or null. */
export const parseNvidiaTimestamp = (text: string): number | null => {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const t = new Date(y, mo - 1, d, h, mi, s, ms).getTime();
  return Number.isFinite(t) ? t : null;
};

/** `[N/A]`, `[Not Supported]` and the like become null. */
const numberOrNull = (text: string | undefined): number | null => {
  const n = Number(text?.trim());
  return text === undefined || text.trim() === '' || !Number.isFinite(n) ? null : n;
};

/** One CSV line → fields, or null for anything else (a header, an error message). */
export const parseNvidiaSmiLine = (line: string): NvidiaSmiLine | null => {
  const cells = line.split(',').map((c) => c.trim());
  if (cells.length !== 4) return null;
  const index = Number(cells[1]);
  if (!Number.isInteger(index) || index < 0 || cells[1] === '') return null;
  return { stampMs: parseNvidiaTimestamp(cells[0] ?? ''), index, powerW: numberOrNull(cells[2]), utilPct: numberOrNull(cells[3]) };
};

/**
 * Energy of every GPU between two times, summed. A window with no sample within 3 intervals of
 * it gets null; edges further than that from the nearest sample are flagged `partial-coverage`;
 * windows under 1 s are flagged `low-confidence` (the sensor averages over about 1 s).
 */
export const gpuWindow = (samples: readonly GpuSample[], fromMs: number, toMs: number, intervalMs: number): GpuWindow => {
  const flags: string[] = [];
  if (toMs - fromMs < 1000) flags.push('low-confidence');
  const slack = 3 * intervalMs;
  const byIndex = new Map<number, Point[]>();
  for (const s of samples) {
    if (s.powerW === null) continue;
    const list = byIndex.get(s.index) ?? [];
    list.push({ tMs: s.tMs, value: s.powerW });
    byIndex.set(s.index, list);
  }
  let joules = 0;
  let covered = false;
  for (const points of byIndex.values()) {
    points.sort((a, b) => a.tMs - b.tMs);
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last || first.tMs > toMs + slack || last.tMs < fromMs - slack) continue;
    if (first.tMs > fromMs + slack || last.tMs < toMs - slack) flags.push('partial-coverage');
    joules += integrate(points, fromMs, toMs) ?? 0;
    covered = true;
  }
  if (!covered) return { joules: null, reason: 'aucun échantillon nvidia-smi dans la fenêtre', flags };
  const utils = samples.filter((s) => s.tMs >= fromMs && s.tMs <= toMs && s.utilPct !== null).map((s) => s.utilPct ?? 0);
  const meanUtilPct = utils.length === 0 ? null : utils.reduce((a, b) => a + b, 0) / utils.length;
  return { joules, meanUtilPct, flags: [...new Set(flags)] };
};
