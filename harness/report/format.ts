/**
 * Number, duration and date formatting for the report, through Intl for the page's language.
 * French: decimal comma, narrow no-break space between thousands and before units (« 0,61 Wh »).
 * Every formatter returns « — » for a missing value, so templates never see null.
 */
export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

export const DASH = '—';

/** `Europe/Paris` by default: the city's reports are read in its own time. */
export type FormatOptions = { lang: Lang; timeZone?: string };

export const createFormat = ({ lang, timeZone = 'Europe/Paris' }: FormatOptions) => {
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  // French typography puts a narrow no-break space (U+202F) before units; English a no-break space.
  const unitSep = lang === 'fr' ? '\u202f' : '\u00a0';
  const nf = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, o);
  const integerF = nf({ maximumFractionDigits: 0 });
  const twoSigF = nf({ maximumSignificantDigits: 2 });
  const percentF = nf({ style: 'percent', maximumFractionDigits: 1 });
  const scoreF = nf({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const dateF = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone });
  const compactDateF = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const ok = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

  /** Two significant digits below 100 (0,0021 ; 12), whole numbers above (1 234). */
  const approx = (x: number): string => (Math.abs(x) >= 100 ? integerF.format(x) : twoSigF.format(x));
  const unit = (text: string, u: string): string => `${text}${unitSep}${u}`;

  return {
    lang,
    locale,
    unitSep,
    integer: (x: number | null | undefined): string => (ok(x) ? integerF.format(x) : DASH),
    approx: (x: number | null | undefined): string => (ok(x) ? approx(x) : DASH),
    // Intl puts U+00A0 before « % » in French; the narrow U+202F matches every other unit on the page.
    percent: (x: number | null | undefined): string => (ok(x) ? percentF.format(x).replace(/\s%$/u, `${unitSep}%`) : DASH),
    score: (x: number | null | undefined): string => (ok(x) ? scoreF.format(x) : DASH),
    withUnit: (x: number | null | undefined, u: string): string => (ok(x) ? unit(approx(x), u) : DASH),
    /** 850 ms, 1,2 s, 2 min 5 s, 1 h 24 min. */
    durationMs: (x: number | null | undefined): string => {
      if (!ok(x)) return DASH;
      if (x < 1000) return unit(approx(x), 'ms');
      if (x < 60_000) return unit(approx(x / 1000), 's');
      // Seconds only matter under an hour; zero parts are left out (« 48 min », « 1 h 5 min »).
      const totalS = Math.round(x / 1000);
      const totalMin = Math.round(x / 60_000);
      const parts: [number, string][] = x >= 3_600_000
        ? [[Math.floor(totalMin / 60), 'h'], [totalMin % 60, 'min']]
        : [[Math.floor(totalS / 60), 'min'], [totalS % 60, 's']];
      return parts.filter(([v], i) => i === 0 || v > 0).map(([v, u]) => unit(integerF.format(v), u)).join(' ');
    },
    /** An amount in `currency` (ISO 4217), two significant digits for fractions of a cent. */
    money: (x: number | null | undefined, currency: string): string => {
      if (!ok(x)) return DASH;
      try {
        return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumSignificantDigits: 2 }).format(x);
      } catch {
        return unit(approx(x), currency);
      }
    },
    /** A date-time string, or the input unchanged when it is not a date. */
    date: (iso: string | null | undefined): string => {
      if (!iso) return DASH;
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : dateF.format(d);
    },
    /** « 29 nov. 2026, 03:15 », for tables. */
    compactDate: (iso: string | null | undefined): string => {
      if (!iso) return DASH;
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : compactDateF.format(d);
    },
  };
};

export type Format = ReturnType<typeof createFormat>;
