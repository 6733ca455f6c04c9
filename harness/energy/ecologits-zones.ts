/**
 * Where EcoLogits 0.9.1 places each provider's data centres, with their PUE and on-site WUE
 * (`PROVIDER_CONFIG_MAP`), and the electricity mixes of those zones (`data/electricity_mixes.csv`:
 * GWP in kg CO2e/kWh, off-site water in L/kWh). These differ from CodeCarbon's carbon table on
 * purpose: they are EcoLogits' own, kept for its GWP figure; the emissions column of
 * emissions.csv uses carbon.ts for every row.
 */

export type ProviderSettings = {
  zone: string;
  /** [min, max]; a single value is repeated. */
  pue: [number, number];
  /** On-site water usage effectiveness, L/kWh; null when unknown (then no water figure). */
  wue: [number, number] | null;
};

export const ECOLOGITS_PROVIDERS: Readonly<Record<string, ProviderSettings>> = {
  openai: { zone: 'USA', pue: [1.2, 1.2], wue: [0.569, 0.569] },
  mistralai: { zone: 'SWE', pue: [1.16, 1.16], wue: [0.09, 0.09] },
  anthropic: { zone: 'USA', pue: [1.09, 1.14], wue: [0.13, 0.999] },
  google_genai: { zone: 'USA', pue: [1.09, 1.09], wue: [0.999, 0.999] },
  cohere: { zone: 'USA', pue: [1.09, 1.09], wue: [0.999, 0.999] },
  huggingface_hub: { zone: 'USA', pue: [1.09, 1.14], wue: [0.13, 0.99] },
};

/** Any other provider (§5.6): PUE 1.2, world mix, no water figure; the estimate is flagged. */
export const OTHER_PROVIDER: ProviderSettings = { zone: 'WOR', pue: [1.2, 1.2], wue: null };

export type ElectricityMix = { gwpKgPerKwh: number; wueLPerKwh: number };

/** EcoLogits `data/electricity_mixes.csv` (columns gwp, wue), the zones we use. */
export const ECOLOGITS_MIXES: Readonly<Record<string, ElectricityMix>> = {
  WOR: { gwpKgPerKwh: 0.47301, wueLPerKwh: 3.908 },
  FRA: { gwpKgPerKwh: 0.04418, wueLPerKwh: 3.6737 },
  SWE: { gwpKgPerKwh: 0.03582, wueLPerKwh: 6.0315 },
  USA: { gwpKgPerKwh: 0.38355, wueLPerKwh: 3.1321 },
  DEU: { gwpKgPerKwh: 0.34414, wueLPerKwh: 1.947 },
};

/** Settings of a provider; unknown providers get OTHER_PROVIDER and `known: false`. */
export const providerSettings = (provider: string): { settings: ProviderSettings; known: boolean } => {
  const settings = ECOLOGITS_PROVIDERS[provider];
  return settings ? { settings, known: true } : { settings: OTHER_PROVIDER, known: false };
};

/** The mix of a zone; an unknown zone falls back to WOR, as EcoLogits does. */
export const mixOf = (zone: string): { zone: string; mix: ElectricityMix } => {
  const mix = ECOLOGITS_MIXES[zone];
  return mix ? { zone, mix } : { zone: 'WOR', mix: ECOLOGITS_MIXES.WOR as ElectricityMix };
};
