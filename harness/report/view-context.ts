/**
 * What every part of the view model shares: the translator, the formatters, names looked up in the
 * manifest, each cell's energy, and the wording of « mesurée » / « estimée ». Pure.
 */
import { aggregateCommunities, digestKey, energyByCell, type CommunityAggregate } from './aggregate.js';
import { carbonSetting, type CarbonSetting, type EnergyFigure } from './energy.js';
import { createFormat, type Format, type FormatOptions } from './format.js';
import { createTranslator, type Translator } from './messages.js';
import type { RunData } from './view-types.js';

/** Pass rate a community is held to when none of its suites declares a `target`. */
export const DEFAULT_TARGET = 0.8;
/** Below the target by less than this: « limite » rather than « insuffisant ». */
export const WARN_MARGIN = 0.1;

export type Badge = { level: 'good' | 'warn' | 'bad' | 'unknown'; symbol: string; text: string };

export type ViewContext = ReturnType<typeof createViewContext>;

export const createViewContext = (data: RunData, opts: FormatOptions) => {
  const t: Translator = createTranslator(opts.lang);
  const f: Format = createFormat(opts);
  const carbon: CarbonSetting = carbonSetting(data.manifest.energy);
  const energy = energyByCell(data.summary.cells, data.digest, carbon);
  // Calibration baselines never enter a community's verdict block (stats/calibration.ts).
  const communities: CommunityAggregate[] = aggregateCommunities(data.manifest, data.summary.cells.filter((c) => c.calibration !== true), energy);
  const models = new Map(data.manifest.models.map((m) => [m.id, m]));
  const suites = new Map(data.manifest.suites.map((s) => [s.id, s]));

  /** « mesurée sur ce poste » / « estimée d'après la taille du modèle »: the method in plain words. */
  const energyPlain = (e: Pick<EnergyFigure, 'methods' | 'measured'>): string => {
    if (e.measured) return t.t('energyPlain.measured');
    const first = e.methods.flatMap((m) => m.split('+'))[0];
    const key = first?.startsWith('ecologits') ? 'energyPlain.ecologits' : `energyPlain.${first ?? ''}`;
    return t.maybe(key) ?? t.t('energyPlain.estimated');
  };

  /**
   * How an energy figure was obtained: in plain words next to a figure (`short`, « estimée d'après
   * le temps de calcul »), with the method's full name in the methodology (`long`); « non mesurée »
   * when unknown. The glossary gives each method's formula and source.
   */
  const energyHow = (e: Pick<EnergyFigure, 'methods' | 'measured'> | null, detail: 'short' | 'long' = 'short'): string => {
    if (e === null) return t.t('energy.notMeasured');
    if (detail === 'short') return energyPlain(e);
    const prefix = 'energyMethod';
    // Composite ids (`cpu-time-share+ram-dimm-model`) are named part by part.
    const methods = [...new Set(e.methods.flatMap((m) => m.split('+')))].map((m) => t.maybe(`${prefix}.${m}`) ?? m).join(', ');
    const word = t.t(e.measured ? 'energy.measured' : 'energy.estimated');
    return methods ? t.t('energy.how', { word, methods }) : word;
  };

  const target = (community: string): { value: number; declared: boolean } => {
    const declared = data.manifest.suites.filter((s) => s.community === community && typeof s.target === 'number').map((s) => s.target!);
    return declared.length ? { value: Math.max(...declared), declared: true } : { value: DEFAULT_TARGET, declared: false };
  };

  const badge = (passRate: number | null, community: string): Badge => {
    const goal = target(community).value;
    const level: Badge['level'] = passRate === null ? 'unknown' : passRate >= goal ? 'good' : passRate >= goal - WARN_MARGIN ? 'warn' : 'bad';
    const symbol = { good: '✓', warn: '!', bad: '✗', unknown: '?' }[level];
    return { level, symbol, text: t.t(`badge.${level}`) };
  };

  return {
    data, t, f, carbon, communities,
    energyMap: energy,
    cellEnergy: (suite: string, model: string): EnergyFigure | null => energy.get(digestKey(suite, model)) ?? null,
    modelLabel: (id: string): string => models.get(id)?.label ?? id,
    hostingLabel: (id: string): string => {
      const hosting = models.get(id)?.hosting;
      return hosting ? (t.maybe(`hosting.${hosting}`) ?? hosting) : t.t('common.unknown');
    },
    suiteTitle: (id: string): string => suites.get(id)?.title ?? id,
    classificationLabel: (code: string | undefined): string => (code ? (t.maybe(`classification.${code}`) ?? code) : t.t('common.unknown')),
    /** The title a suite file declares for its community, else `assistants-administratifs` → « Assistants administratifs ». */
    communityTitle: (id: string): string => {
      const declared = data.manifest.suites.find((s) => s.community === id && s.communityTitle)?.communityTitle;
      if (declared) return declared;
      const words = id.replace(/[-_]+/g, ' ').trim();
      return words ? words[0]!.toLocaleUpperCase(f.locale) + words.slice(1) : t.t('common.unknown');
    },
    energyHow,
    energyPlain,
    target,
    badge,
  };
};
