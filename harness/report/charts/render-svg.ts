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
  const view = new vega.View(vega.parse(compile(full).spec), { renderer: 'none', loader: noLoader(), logLevel: vega.Error });
  try {
    const svg = await view.toSVG();
    // One image named by its caption: the marks' own ARIA roles (graphics-symbol, without names)
    // would make screen readers announce dozens of unnamed parts, and axe flags them.
    const flat = svg.replace(/ (role|aria-roledescription|aria-label)="[^"]*"/g, '');
    return flat.replace(/^<svg /, `<svg role="img" aria-labelledby="${labelledBy}" focusable="false" `);
  } finally {
    view.finalize();
  }
};
