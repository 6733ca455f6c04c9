/**
 * Intel/AMD RAPL energy counters through the Linux powercap interface. Domain choice follows
 * CodeCarbon (`core/cpu.py` `_classify_domains`, `_select_domains_to_use`, `_deduplicate_domains`):
 * `package-N` domains only; `core`/`uncore` are sub-domains and skipped; `dram` only when asked;
 * `psys` only when preferred or when there is no package; a domain seen through both MSR
 * (`intel-rapl:*`) and MMIO (`intel-rapl-mmio:*`) counts once, MMIO preferred.
 * Wrap-around follows `core/rapl.py` `RAPLFile.delta`: one wrap at most per reading interval.
 */
import { join } from 'node:path';
import { errnoCode, nodeFs, type FsAccess } from './fs-access.js';

export const DEFAULT_SYSFS_ROOT = '/sys/class/powercap';

export type RaplDomain = {
  /** Dedup key: the domain name, prefixed by its parent package's name for sub-domains. */
  key: string;
  name: string;
  kind: 'package' | 'dram' | 'psys';
  via: 'msr' | 'mmio';
  energyFile: string;
  /** Counter range in µJ; 0 when unreadable, which turns wrap detection off (as CodeCarbon does). */
  maxRangeUj: number;
};

export type RaplDiscovery = { ok: true; domains: RaplDomain[] } | { ok: false; reason: string };

export type RaplOptions = { sysfsRoot?: string; includeDram?: boolean; preferPsys?: boolean; fs?: FsAccess };

/** `intel-rapl:0`, `intel-rapl:0:1`, `intel-rapl-mmio:0`: zones; the bare `intel-rapl` is the control type. */
const ZONE = /^intel-rapl(-mmio)?:\d+(?::\d+)?$/;

type Zone = { dir: string; entry: string; name: string; via: 'msr' | 'mmio'; parentName: string };

const readName = (fs: FsAccess, dir: string): string | null => {
  try {
    return fs.readText(join(dir, 'name')).trim();
  } catch {
    return null;
  }
};

const kindOf = (name: string): RaplDomain['kind'] | null => {
  if (/^package-\d+$/.test(name)) return 'package';
  if (name === 'dram') return 'dram';
  if (name === 'psys') return 'psys';
  return null; // core, uncore: sub-domains of a package, counted inside it
};

const listZones = (root: string, fs: FsAccess): Zone[] => {
  const zones: Zone[] = [];
  for (const entry of fs.listDir(root).filter((e) => ZONE.test(e)).sort()) {
    const dir = join(root, entry);
    const name = readName(fs, dir);
    if (name === null) continue;
    const parts = entry.split(':');
    const parentName = parts.length === 3 ? (readName(fs, join(root, parts.slice(0, 2).join(':'))) ?? '') : '';
    zones.push({ dir, entry, name, via: entry.startsWith('intel-rapl-mmio') ? 'mmio' : 'msr', parentName });
  }
  return zones;
};

const permissionReason = (file: string, code: string): string =>
  `RAPL : lecture de ${file} refusée (${code}). Depuis la CVE-2020-8694, ce compteur n’est lisible que par root ; ` +
  'pour l’autoriser : sudo chmod -R a+r /sys/class/powercap/* (à refaire après chaque démarrage, ou par une règle sysfsutils)';

/** Parses a µJ counter file; throws on anything but a non-negative number. */
const parseUj = (text: string, file: string): number => {
  const n = Number(text.trim());
  if (!Number.isFinite(n) || n < 0 || text.trim() === '') throw new Error(`contenu inattendu dans ${file}`);
  return n;
};

/** Finds the domains to read under `sysfsRoot`, or says in French why RAPL cannot be used. */
export const discoverRapl = (opts: RaplOptions = {}): RaplDiscovery => {
  const root = opts.sysfsRoot ?? DEFAULT_SYSFS_ROOT;
  const fs = opts.fs ?? nodeFs;
  let zones: Zone[];
  try {
    zones = listZones(root, fs);
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { ok: false, reason: `RAPL : ${root} absent (pas d’interface powercap : machine virtuelle, autre système que Linux ou pilote RAPL non chargé)` };
    }
    return { ok: false, reason: `RAPL : ${root} illisible (${code ?? String(e)})` };
  }
  const classified = zones.flatMap((z) => {
    const kind = kindOf(z.name);
    return kind === null ? [] : [{ ...z, kind }];
  });
  const packages = classified.filter((z) => z.kind === 'package');
  const psys = classified.filter((z) => z.kind === 'psys');
  let chosen = opts.preferPsys && psys.length > 0 ? psys : packages.length > 0 ? packages : psys;
  if (chosen === packages && opts.includeDram) chosen = [...packages, ...classified.filter((z) => z.kind === 'dram')];
  if (chosen.length === 0) return { ok: false, reason: `RAPL : aucun domaine package-N ni psys sous ${root}` };

  const byKey = new Map<string, (typeof chosen)[number]>();
  for (const z of chosen) {
    const key = z.parentName ? `${z.parentName}/${z.name}` : z.name;
    const seen = byKey.get(key);
    if (!seen || (z.via === 'mmio' && seen.via === 'msr')) byKey.set(key, z);
  }

  const domains: RaplDomain[] = [];
  for (const [key, z] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
    const energyFile = join(z.dir, 'energy_uj');
    try {
      parseUj(fs.readText(energyFile), energyFile);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EACCES' || code === 'EPERM') return { ok: false, reason: permissionReason(energyFile, code) };
      return { ok: false, reason: `RAPL : ${energyFile} illisible (${code ?? (e instanceof Error ? e.message : String(e))})` };
    }
    let maxRangeUj = 0;
    try {
      maxRangeUj = parseUj(fs.readText(join(z.dir, 'max_energy_range_uj')), 'max_energy_range_uj');
    } catch {
      // As CodeCarbon: without the range, a wrap shows up as a negative delta, which the meter drops.
    }
    domains.push({ key, name: z.name, kind: z.kind, via: z.via, energyFile, maxRangeUj });
  }
  return { ok: true, domains };
};

/** Reads every domain's counter (µJ), in the order of `domains`; null if any read fails. */
export const readRaplUj = (domains: readonly RaplDomain[], fs: FsAccess = nodeFs): number[] | null => {
  try {
    return domains.map((d) => parseUj(fs.readText(d.energyFile), d.energyFile));
  } catch {
    return null;
  }
};

/**
 * Counter delta in µJ between two readings, assuming at most one wrap (CodeCarbon `RAPLFile.delta`).
 * Negative when the counter went back and the range is unknown: the caller drops it.
 */
export const raplDeltaUj = (beforeUj: number, afterUj: number, maxRangeUj: number): number =>
  afterUj < beforeUj && maxRangeUj > 0 ? afterUj + maxRangeUj - beforeUj : afterUj - beforeUj;
