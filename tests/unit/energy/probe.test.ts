import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeEnergySources, type SiLike } from '../../../harness/energy/probe.js';
import { FIXTURES, materializePowercap } from './helpers.js';

/** systeminformation (the inventory outside Linux) as it answered on the 2-vCPU KVM development VM (§4), counting calls. */
const fakeSi = () => {
  const calls: string[] = [];
  const si: SiLike = {
    cpu: async () => (calls.push('cpu'), { manufacturer: 'AMD', brand: 'EPYC', cores: 2, physicalCores: 2, processors: 1 }),
    mem: async () => (calls.push('mem'), { total: 25276059648 }),
    system: async () => (calls.push('system'), { virtual: true, virtualHost: 'KVM' }),
  };
  return { si, calls };
};

const host = { cpuModel: 'AMD EPYC', logicalCpus: 2, arch: 'x64' };

describe('probeEnergySources', () => {
  it('explains, in French, what this VM offers: no RAPL, no GPU, CPU time × 8 W, RAM 20 W', async () => {
    const { si, calls } = fakeSi();
    const { inventory, sources } = await probeEnergySources({ si, host, sysfsRoot: '/nonexistent/powercap', nvidiaSmi: '/nonexistent/nvidia-smi' });
    expect(calls.sort()).toEqual(['cpu', 'mem', 'system']);
    expect(inventory).toEqual({
      cpuModel: 'AMD EPYC',
      logicalCpus: 2,
      sockets: 1,
      physicalCores: 2,
      totalMemBytes: 25276059648,
      arch: 'x64',
      virtual: true,
      virtualHost: 'KVM',
      gpus: [],
    });
    const by = Object.fromEntries(sources.map((s) => [s.source, s]));
    expect(by.rapl).toMatchObject({ component: 'cpu', available: false });
    expect(by.rapl?.reason).toMatch(/^RAPL : \/nonexistent\/powercap absent .* — l’énergie sera estimée à partir du temps CPU × TDP$/);
    expect(by['cpu-time-share']).toMatchObject({ available: true });
    expect(by['cpu-time-share']?.reason).toContain('TDP 8 W');
    expect(by['cpu-time-share']?.reason).toContain('machine virtuelle (KVM)');
    expect(by['cpu-load-tdp']).toMatchObject({ available: true });
    expect(by['nvidia-smi-power']).toEqual({ component: 'gpu', source: 'nvidia-smi-power', available: false, reason: 'nvidia-smi introuvable — pas de mesure GPU' });
    expect(by['ram-dimm-model']?.reason).toMatch(/^RAM : 23,5 Go → 20 W \(modèle par barrette de CodeCarbon v3, estimation constante\) pour un serveur local mesuré sur la machine ; pour un arbre de processus .* au moins 10 W/);
  });

  it('lists readable RAPL domains and the GPUs nvidia-smi sees', async () => {
    const root = materializePowercap('two-packages');
    try {
      const { si } = fakeSi();
      const { inventory, sources } = await probeEnergySources({ si, host, sysfsRoot: root, nvidiaSmi: join(FIXTURES, 'bin', 'nvidia-smi-fake'), ramPowerW: 12 });
      expect(inventory.gpus).toEqual(['NVIDIA H100 80GB HBM3', 'NVIDIA H100 80GB HBM3']);
      const by = Object.fromEntries(sources.map((s) => [s.source, s]));
      expect(by.rapl).toMatchObject({ available: true, reason: expect.stringContaining('(package-0, package-1)') });
      expect(by['nvidia-smi-power']).toMatchObject({ available: true, reason: expect.stringContaining('2 x NVIDIA H100 80GB HBM3') });
      expect(by['ram-dimm-model']?.reason).toBe('RAM : 12 W (configuration)');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reports a driver failure and a missing /proc', async () => {
    const { si } = fakeSi();
    const { sources } = await probeEnergySources({ si, host, procRoot: '/nonexistent/proc', nvidiaSmi: join(FIXTURES, 'bin', 'nvidia-smi-no-driver') });
    const by = Object.fromEntries(sources.map((s) => [s.source, s]));
    expect(by['nvidia-smi-power']?.reason).toContain('NVIDIA-SMI has failed');
    expect(by['cpu-time-share']).toMatchObject({ available: false, reason: expect.stringContaining('/nonexistent/proc/self/stat illisible') });
  });

  it('reads this machine by default (from /proc and /sys on Linux)', async () => {
    const { inventory } = await probeEnergySources({ nvidiaSmi: '/nonexistent/nvidia-smi' });
    expect(inventory.logicalCpus).toBeGreaterThanOrEqual(1);
    expect(inventory.totalMemBytes).toBeGreaterThan(0);
    expect(inventory.sockets).toBeGreaterThanOrEqual(1);
    expect(inventory.physicalCores).toBeGreaterThanOrEqual(1);
  });

  it('takes given machine facts as they are', async () => {
    const machine = { cpuModel: 'ARM Neoverse-N1', sockets: 2, physicalCores: 64, totalMemBytes: 2 ** 37, virtual: true, virtualHost: 'KVM' };
    const { inventory } = await probeEnergySources({ machine, host: { cpuModel: null, logicalCpus: 64, arch: 'arm64' }, nvidiaSmi: '/nonexistent/nvidia-smi' });
    expect(inventory).toEqual({ ...machine, logicalCpus: 64, arch: 'arm64', gpus: [] });
  });
});
