/**
 * Compiles a vega-lite spec and renders it to an SVG string in Node, at report time: no canvas,
 * no browser, no network (the loader refuses every request; specs carry their data inline).
 * Numbers on the axes follow the page's language. Vega escapes every text it writes (labels may
 * carry model names, which are user data).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Lang } from '../format.js';

/** d3-format locale definitions: French uses a decimal comma and narrow no-break spaces. */
type NumberLocale = { decimal: string; thousands: string; grouping: number[]; currency: [string, string]; percent?: string };
const NUMBER_LOCALES: Record<Lang, NumberLocale> = {
  fr: { decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', '\u00a0€'], percent: '\u202f%' },
  en: { decimal: '.', thousands: ',', grouping: [3], currency: ['€', ''] },
};

const refuse = async (): Promise<never> => {
  throw new Error('les graphiques du rapport ne chargent aucune ressource externe');
};

const noLoader = (): vega.Loader => ({ ...vega.loader(), load: refuse, sanitize: refuse, http: refuse, file: refuse });

/**
 * `labelledBy` is the id of the figure caption: the SVG is announced as one image with that name,
 * and the numbers are in the table next to it.
 */
export const renderSvg = async (spec: TopLevelSpec, lang: Lang, labelledBy: string): Promise<string> => {
  const full: TopLevelSpec = {
    ...spec,
    config: { ...spec.config, aria: false, font: 'system-ui, sans-serif', locale: { number: NUMBER_LOCALES[lang] } },
  };
  const flat = await drawn(full);
  return flat.replace(/^<svg /, `<svg role="img" aria-labelledby="${labelledBy}" focusable="false" `);
};

/**
 * Charts drawn in this process, by spec: a page often shows the same chart twice (with one
 * community, its trend is the per-model one), and each drawing costs tens of milliseconds.
 * A few entries suffice; the oldest goes first.
 */
const drawnCache = new Map<string, Promise<string>>();
const DRAWN_CACHE_SIZE = 16;

const drawn = (full: TopLevelSpec): Promise<string> => {
  const key = JSON.stringify(full);
  let svg = drawnCache.get(key);
  if (svg === undefined) {
    svg = draw(full);
    drawnCache.set(key, svg);
    svg.catch(() => drawnCache.delete(key));
    if (drawnCache.size > DRAWN_CACHE_SIZE) drawnCache.delete(drawnCache.keys().next().value!);
  }
  return svg;
};

const draw = async (full: TopLevelSpec): Promise<string> => {
  const view = new vega.View(vega.parse(compile(full).spec), { renderer: 'none', loader: noLoader(), logLevel: vega.Error });
  try {
    const svg = await view.toSVG();
    // One image named by its caption: the marks' own ARIA roles (graphics-symbol, without names)
    // would make screen readers announce dozens of unnamed parts, and axe flags them.
    return svg.replace(/ (role|aria-roledescription|aria-label)="[^"]*"/g, '');
  } finally {
    view.finalize();
  }
};
