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
  const shortDateF = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
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
    percent: (x: number | null | undefined): string => (ok(x) ? percentF.format(x) : DASH),
    score: (x: number | null | undefined): string => (ok(x) ? scoreF.format(x) : DASH),
    withUnit: (x: number | null | undefined, u: string): string => (ok(x) ? unit(approx(x), u) : DASH),
    /** 850 ms, 1,2 s, 2 min 5 s. */
    durationMs: (x: number | null | undefined): string => {
      if (!ok(x)) return DASH;
      if (x < 1000) return unit(approx(x), 'ms');
      if (x < 60_000) return unit(approx(x / 1000), 's');
      const min = Math.floor(x / 60_000);
      const s = Math.round((x % 60_000) / 1000);
      return `${unit(integerF.format(min), 'min')} ${unit(integerF.format(s), 's')}`;
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
    shortDate: (iso: string | null | undefined): string => {
      if (!iso) return DASH;
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : shortDateF.format(d);
    },
  };
};

export type Format = ReturnType<typeof createFormat>;
