/**
 * RAM power, CodeCarbon v3 model (`external/ram.py`): a DIMM count guessed from the total size,
 * 5 W per DIMM on x86 (1.5 W on ARM), with less power per DIMM as the count grows, and a floor of
 * 10 W on x86 (3 W on ARM). Constant: it does not depend on load.
 *
 * The DIMM guess below is written to reproduce CodeCarbon's results, tabulated in
 * shared/reference/energy-method.md §1.3 (1–16 GB → 10 W, 17–64 → 20, 65–128 → 38, 200 → 58,
 * 256–1024 → 38, 2048 → 70); the tests check every column.
 */

export type RamArch = 'x86' | 'arm';

/** Common DIMM sizes in GB, largest first, for servers above 128 GB. */
const SERVER_DIMM_SIZES_GB = [128, 64, 32, 16, 8, 4];
const MAX_DIMMS = 32;

/**
 * Desktop and small-server tiers: 2 DIMMs up to 16 GB, 4 up to 64 GB, 8 up to 128 GB (1 at 2 GB
 * or less). Above that, the largest common size that still gives at least 8 DIMMs, rounded up,
 * at most 32.
 */
export const guessDimmCount = (totalGb: number): number => {
  if (totalGb <= 2) return 1;
  if (totalGb <= 16) return 2;
  if (totalGb <= 64) return 4;
  if (totalGb <= 128) return 8;
  const size = SERVER_DIMM_SIZES_GB.find((s) => totalGb / s >= 8) ?? 4;
  return Math.min(MAX_DIMMS, Math.ceil(totalGb / size));
};

/** Full power for DIMMs 1–4, 90 % for 5–8, 80 % for 9–16, 70 % beyond (CodeCarbon v3). */
const TIERS: readonly { upTo: number; share: number }[] = [
  { upTo: 4, share: 1 },
  { upTo: 8, share: 0.9 },
  { upTo: 16, share: 0.8 },
  { upTo: Number.POSITIVE_INFINITY, share: 0.7 },
];

export const ramPowerFromDimms = (dimms: number, arch: RamArch = 'x86'): number => {
  const perDimmW = arch === 'arm' ? 1.5 : 5;
  const floorW = arch === 'arm' ? 3 : 10;
  let watts = 0;
  let counted = 0;
  for (const tier of TIERS) {
    const n = Math.max(0, Math.min(dimms, tier.upTo) - counted);
    watts += n * perDimmW * tier.share;
    counted += n;
  }
  return Math.max(floorW, watts);
};

/**
 * RAM power in W: the configured `ramPowerW` if given, else the DIMM model on the total size in
 * GB (bytes / 1024³, as CodeCarbon).
 */
export const ramPowerW = (opts: { totalBytes: number; arch?: RamArch; configRamPowerW?: number }): number =>
  opts.configRamPowerW ?? ramPowerFromDimms(guessDimmCount(opts.totalBytes / 1024 ** 3), opts.arch);

/** `arm` for Node's arm/arm64, else `x86` (CodeCarbon looks for "arm"/"aarch" in the machine name). */
export const ramArchOf = (nodeArch: string): RamArch => (/arm|aarch/.test(nodeArch) ? 'arm' : 'x86');
