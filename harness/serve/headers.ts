/**
 * Headers of every response. The Content-Security-Policy header repeats the one the document
 * carries in its <meta> (the run report's: no network, only our own script by hash), so a page
 * served over HTTP is held to exactly what the same file opened from disk is. The pages of `serve`
 * itself use the run report's policy with one difference: their filter forms may submit to the
 * server (`form-action 'self'`, GET only).
 */
import { csp } from '../report/render.js';

export const pageCsp = csp(null).replace("form-action 'none'", "form-action 'self'");

const META_CSP = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/i;

/** The policy a document declares, or the strictest one when it declares none. */
export const cspOf = (html: string): string => html.match(META_CSP)?.[1]?.replaceAll('&#x27;', "'").replaceAll('&#39;', "'") ?? csp(null);

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // Pages show evaluation data: never kept by shared caches (the city's proxy).
  'Cache-Control': 'no-store',
};
