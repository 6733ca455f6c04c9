import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpuWindow, parseNvidiaSmiLine, parseNvidiaTimestamp, type GpuSample } from '../../../harness/energy/nvidia-smi-parse.js';
import { createNvidiaSmiSource, NVIDIA_SMI_QUERY } from '../../../harness/energy/nvidia-smi.js';
import { FIXTURES } from './helpers.js';

const FAKE = join(FIXTURES, 'bin', 'nvidia-smi-fake');
const NO_DRIVER = join(FIXTURES, 'bin', 'nvidia-smi-no-driver');

describe('nvidia-smi lines', () => {
  it('parses timestamp, index, power and utilisation; [N/A] becomes null', () => {
    expect(parseNvidiaSmiLine('2024/05/10 14:03:21.100, 0, 80.25, 35')).toEqual({
      stampMs: new Date(2024, 4, 10, 14, 3, 21, 100).getTime(),
      index: 0,
      powerW: 80.25,
      utilPct: 35,
    });
    expect(parseNvidiaSmiLine('2024/05/10 14:03:21.200, 1, [N/A], [Not Supported]')).toMatchObject({ index: 1, powerW: null, utilPct: null });
  });

  it('ignores headers and error messages', () => {
    expect(parseNvidiaSmiLine('timestamp, index, power.draw [W], utilization.gpu [%]')).toBeNull();
    expect(parseNvidiaSmiLine("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")).toBeNull();
    expect(parseNvidiaTimestamp('2024-05-10T14:03:21')).toBeNull();
    expect(parseNvidiaTimestamp('2024/05/10 14:03:21.5')).toBe(new Date(2024, 4, 10, 14, 3, 21, 500).getTime());
  });
});

describe('GPU window integration', () => {
  const ramp: GpuSample[] = [0, 1, 2, 3, 4].map((i) => ({ tMs: 1000 + i * 1000, index: 0, powerW: 100 + 10 * i, utilPct: 50 }));

  it('integrates by trapezoids with linear interpolation at the edges', () => {
    // 100 → 140 W over 4 s: 480 J; [1500, 3500] ms: 105 → 125 W, mean 115 W × 2 s.
    expect(gpuWindow(ramp, 1000, 5000, 100)).toMatchObject({ joules: 480, meanUtilPct: 50, flags: [] });
    expect(gpuWindow(ramp, 1500, 3500, 100).joules).toBeCloseTo(230, 10);
  });

  it('sums GPUs, flags short windows and uncovered edges, and has no number without samples', () => {
    const two = [...ramp, ...ramp.map((s) => ({ ...s, index: 1, powerW: 50 }))];
    expect(gpuWindow(two, 1000, 5000, 100).joules).toBeCloseTo(480 + 200, 10);
    expect(gpuWindow(ramp, 2000, 2500, 100).flags).toEqual(['low-confidence']);
    expect(gpuWindow(ramp, 4500, 6000, 100).flags).toEqual(['partial-coverage']);
    expect(gpuWindow(ramp, 9000, 12000, 100)).toMatchObject({ joules: null });
    expect(gpuWindow([], 0, 2000, 100)).toMatchObject({ joules: null, reason: expect.stringContaining('aucun échantillon') });
  });
});

const until = async (cond: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('délai dépassé');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('nvidia-smi child process', () => {
  it('streams the fake program, keeps its samples and integrates them', async () => {
    const calls: string[][] = [];
    const source = createNvidiaSmiSource({
      command: FAKE,
      spawn: ((cmd: string, args: string[], o: object) => {
        calls.push([cmd, ...args]);
        return spawn(cmd, args, o);
      }) as typeof spawn,
    });
    source.start();
    expect(await source.ready()).toEqual({ state: 'running' });
    await until(() => source.status().state === 'stopped');
    expect(calls).toEqual([[FAKE, ...NVIDIA_SMI_QUERY, '-lms', '100']]);
    expect(source.status().reason).toContain('code 0');

    const samples = source.samples();
    expect(samples).toHaveLength(22);
    const first = samples[0]?.tMs ?? 0;
    const last = samples[samples.length - 1]?.tMs ?? 0;
    // Recorded stamps are 100 ms apart; mapped to the meter clock by one constant offset.
    expect(last - first).toBeCloseTo(1000, 6);
    // GPU 0: trapezoids over 60…70 W = 92.5 J; GPU 1: 50 W for 1 s (its [N/A] sample skipped).
    const w = source.energyBetween(first, last);
    expect(w.joules).toBeCloseTo(142.5, 6);
    expect(w.joules !== null && w.meanUtilPct).toBeCloseTo(535 / 22, 6);
    expect(source.latestPowerW()).toBe(120);
    source.pruneBefore(first + 550);
    expect(source.samples()).toHaveLength(10);
    source.stop();
  });

  it('says when nvidia-smi is missing', async () => {
    const source = createNvidiaSmiSource({ command: '/nonexistent/nvidia-smi' });
    source.start();
    const state = await source.ready();
    expect(state.state).toBe('unavailable');
    expect(state.reason).toContain('introuvable');
    expect(source.energyBetween(0, 1000)).toMatchObject({ joules: null, flags: ['source-unavailable'] });
    source.stop();
  });

  it('reports the driver failure message', async () => {
    const source = createNvidiaSmiSource({ command: NO_DRIVER });
    source.start();
    const state = await source.ready();
    expect(state).toEqual({ state: 'unavailable', reason: expect.stringContaining("NVIDIA-SMI has failed because it couldn't communicate") });
    expect(state.reason).toContain('code 9');
  });
});
