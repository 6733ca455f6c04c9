/**
 * Energy made concrete for the steering committee: per request, per 100 requests (Wh and gCO2e),
 * and what that means in a 5 W LED bulb's time or in video streaming. Every figure carries how it
 * was obtained. Pure.
 */
import { ledBulbMs, streamingMs, type EnergyFigure } from './energy.js';
import { DASH } from './format.js';
import type { ViewContext } from './view-context.js';

export type EnergyView = {
  known: boolean;
  /** « 0,002 Wh » per request, or « non mesurée ». */
  perRequest: string;
  /** « estimée · EcoLogits 0.9.1 (calcul à partir des jetons) » — always shown next to a figure. */
  how: string;
  measured: boolean;
  /** « 100 requêtes : 0,2 Wh et 0,011 g CO₂e ». */
  per100: string;
  /** « autant qu'une ampoule LED de 5 W allumée 2 min 24 s, ou 1,3 s de vidéo en streaming ». */
  equivalent: string;
};

export const whText = (ctx: ViewContext, wh: number | null | undefined): string => ctx.f.withUnit(wh, 'Wh');
export const gText = (ctx: ViewContext, g: number | null | undefined): string => ctx.f.withUnit(g, 'g\u00a0CO₂e');

export const energyView = (ctx: ViewContext, e: EnergyFigure | null): EnergyView => {
  const { t, f } = ctx;
  if (e === null || e.whPerCase === null) {
    const how = ctx.energyHow(null);
    return { known: false, perRequest: t.t('energy.notMeasured'), how, measured: false, per100: DASH, equivalent: '' };
  }
  const wh100 = e.whPerCase * 100;
  const g100 = e.gCo2ePerCase === null ? null : e.gCo2ePerCase * 100;
  const led = f.durationMs(ledBulbMs(wh100));
  const how = ctx.energyHow(e);
  return {
    known: true,
    perRequest: whText(ctx, e.whPerCase),
    how,
    measured: e.measured,
    per100: t.t('energy.per100', { wh: whText(ctx, wh100), g: gText(ctx, g100) }),
    equivalent: g100 === null
      ? t.t('energy.equivalentLed', { led })
      : t.t('energy.equivalent', { led, streaming: f.durationMs(streamingMs(g100)) }),
  };
};

/** « 400 » in « 400 fois plus d'énergie », or null when not meaningful (unknown, or under 1,5×). */
export const energyRatio = (ctx: ViewContext, frugal: EnergyFigure | null, hungry: EnergyFigure | null): string | null => {
  const a = frugal?.whPerCase ?? null;
  const b = hungry?.whPerCase ?? null;
  if (a === null || b === null || a <= 0) return null;
  const ratio = b / a;
  return ratio >= 1.5 ? ctx.f.approx(ratio) : null;
};
