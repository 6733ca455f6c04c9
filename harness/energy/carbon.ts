/**
 * Carbon intensity of electricity, one table for every emissions.csv row (§5.7) so the column
 * stays comparable between local and remote models. Figures are CodeCarbon's (§1.5).
 */

export type CarbonIntensity = { iso: string; countryName: string; gPerKwh: number; source: string };

const MIX = 'CodeCarbon data/private_infra/global_energy_mix.json';

export const CARBON_INTENSITIES: Readonly<Record<string, CarbonIntensity>> = {
  FRA: { iso: 'FRA', countryName: 'France', gPerKwh: 56.039, source: `${MIX} (OWID, 2023)` },
  SWE: { iso: 'SWE', countryName: 'Sweden', gPerKwh: 40.695, source: MIX },
  USA: { iso: 'USA', countryName: 'United States', gPerKwh: 369.473, source: MIX },
  DEU: { iso: 'DEU', countryName: 'Germany', gPerKwh: 380.95, source: MIX },
};

/** CodeCarbon `carbon_intensity_per_source.json` `world_average` (IEA 2019), for unknown countries. */
export const WORLD_INTENSITY: CarbonIntensity = {
  iso: 'WOR',
  countryName: 'World',
  gPerKwh: 475,
  source: 'CodeCarbon data/private_infra/carbon_intensity_per_source.json world_average (IEA 2019)',
};

export const DEFAULT_COUNTRY = 'FRA';

/**
 * The intensity to use: a configured value in g/kWh wins; else the country's (FRA by default);
 * an unknown country gets the world average and `fallback: true`.
 */
export const carbonIntensity = (opts: { country?: string; overrideGPerKwh?: number } = {}): CarbonIntensity & { fallback: boolean } => {
  const iso = (opts.country ?? DEFAULT_COUNTRY).toUpperCase();
  const known = CARBON_INTENSITIES[iso];
  if (opts.overrideGPerKwh !== undefined) {
    return { iso, countryName: known?.countryName ?? iso, gPerKwh: opts.overrideGPerKwh, source: 'configuration', fallback: false };
  }
  return known ? { ...known, fallback: false } : { ...WORLD_INTENSITY, fallback: true };
};

/** g CO2e for an energy in joules at an intensity in g/kWh (1 kWh = 3.6 MJ). */
export const gramsCo2e = (joules: number, ciGPerKwh: number): number => (joules / 3.6e6) * ciGPerKwh;
