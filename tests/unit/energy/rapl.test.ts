import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFs, type FsAccess } from '../../../harness/energy/fs-access.js';
import { discoverRapl, raplDeltaUj, readRaplUj } from '../../../harness/energy/rapl.js';
import { errno, materializePowercap } from './helpers.js';

const roots: string[] = [];
const tree = (name: string): string => {
  const root = materializePowercap(name);
  roots.push(root);
  return root;
};
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

describe('RAPL domain discovery', () => {
  it('keeps package-N only, once each, preferring MMIO over MSR', () => {
    const root = tree('two-packages');
    const found = discoverRapl({ sysfsRoot: root });
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.domains.map((d) => [d.key, d.via, d.kind])).toEqual([
      ['package-0', 'mmio', 'package'],
      ['package-1', 'msr', 'package'],
    ]);
    expect(found.domains[0]?.energyFile).toBe(join(root, 'intel-rapl-mmio:0', 'energy_uj'));
    expect(found.domains[0]?.maxRangeUj).toBe(262143328850);
  });

  it('adds the dram domains only when asked, keyed by their package', () => {
    const found = discoverRapl({ sysfsRoot: tree('two-packages'), includeDram: true });
    expect(found.ok && found.domains.map((d) => d.key)).toEqual(['package-0', 'package-0/dram', 'package-1', 'package-1/dram']);
  });

  it('falls back to psys when there is no package, and ignores preferPsys without psys', () => {
    const psys = discoverRapl({ sysfsRoot: tree('psys-only') });
    expect(psys.ok && psys.domains.map((d) => d.kind)).toEqual(['psys']);
    const packages = discoverRapl({ sysfsRoot: tree('two-packages'), preferPsys: true });
    expect(packages.ok && packages.domains.map((d) => d.kind)).toEqual(['package', 'package']);
  });

  it('says the powercap folder is absent', () => {
    const found = discoverRapl({ sysfsRoot: '/nonexistent/powercap' });
    expect(found).toEqual({ ok: false, reason: expect.stringContaining('/nonexistent/powercap absent') });
  });

  it('explains a permission error on energy_uj (CVE-2020-8694) with the chmod fix', () => {
    const root = tree('two-packages');
    const denied = join(root, 'intel-rapl-mmio:0', 'energy_uj');
    const fs: FsAccess = {
      ...nodeFs,
      readText(path) {
        if (path === denied) throw errno('EACCES');
        return nodeFs.readText(path);
      },
    };
    const found = discoverRapl({ sysfsRoot: root, fs });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.reason).toContain(denied);
    expect(found.reason).toContain('EACCES');
    expect(found.reason).toContain('CVE-2020-8694');
    expect(found.reason).toContain('chmod -R a+r /sys/class/powercap/*');
  });

  it.skipIf(process.getuid?.() === 0)('gives the same reason for a file made unreadable with chmod 000', () => {
    const root = tree('two-packages');
    chmodSync(join(root, 'intel-rapl-mmio:0', 'energy_uj'), 0o000);
    const found = discoverRapl({ sysfsRoot: root });
    expect(!found.ok && found.reason).toContain('CVE-2020-8694');
  });

  it('turns wrap detection off when max_energy_range_uj is missing', () => {
    const found = discoverRapl({ sysfsRoot: tree('no-max-range') });
    expect(found.ok && found.domains[0]?.maxRangeUj).toBe(0);
  });
});

describe('RAPL counters', () => {
  it('reads every chosen domain, and null once a file disappears', () => {
    const root = tree('two-packages');
    const found = discoverRapl({ sysfsRoot: root });
    if (!found.ok) throw new Error(found.reason);
    expect(readRaplUj(found.domains)).toEqual([100000500, 200000000]);
    writeFileSync(join(root, 'intel-rapl:1', 'energy_uj'), '200500000\n');
    expect(readRaplUj(found.domains)).toEqual([100000500, 200500000]);
    rmSync(join(root, 'intel-rapl:1', 'energy_uj'));
    expect(readRaplUj(found.domains)).toBeNull();
  });

  it('handles one wrap-around with the counter range', () => {
    expect(raplDeltaUj(1000, 4000, 262143328850)).toBe(3000);
    // 262143328000 → wraps at 262143328850 → reads 500: 850 + 500 µJ.
    expect(raplDeltaUj(262143328000, 500, 262143328850)).toBe(1350);
    // Without a range the wrap shows as a negative delta, which the meter drops.
    expect(raplDeltaUj(900, 100, 0)).toBe(-800);
  });
});
