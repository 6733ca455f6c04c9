/**
 * The runs index (`reports/index.html`): one row per run folder, newest first, with its headline
 * figures and a relative link to its report. Pure: `index.ts` reads the folders.
 */
import { createFormat, DASH, type FormatOptions } from './format.js';
import { createTranslator } from './messages.js';
import type { ReportManifest, ReportSummary } from './view-types.js';

export type IndexEntry = {
  /** Name of the run folder under `runs/`. */
  folder: string;
  manifest: ReportManifest;
  summary: ReportSummary | null;
  hasReport: boolean;
};

export type IndexRow = {
  href: string | null;
  missing: string;
  date: string;
  runId: string;
  suites: string;
  models: string;
  cases: string;
  passRate: string;
  status: string;
};

const sortKey = (e: IndexEntry): string => e.manifest.createdAt || e.summary?.startedAt || e.folder;

export const buildIndexView = (entries: readonly IndexEntry[], opts: FormatOptions) => {
  const t = createTranslator(opts.lang);
  const f = createFormat(opts);
  const rows = [...entries].sort((a, b) => sortKey(b).localeCompare(sortKey(a)) || b.folder.localeCompare(a.folder)).map((e): IndexRow => {
    const s = e.summary;
    const label = (id: string) => e.manifest.models.find((m) => m.id === id)?.label ?? id;
    return {
      href: e.hasReport ? `runs/${encodeURIComponent(e.folder)}/report.html` : null,
      missing: t.t('index.missing', { dir: `reports/runs/${e.folder}` }),
      date: f.compactDate(e.manifest.createdAt || s?.startedAt),
      runId: e.manifest.runId || e.folder,
      suites: e.manifest.suites.map((x) => x.title ?? x.id).join(', ') || DASH,
      models: e.manifest.models.map((m) => label(m.id)).join(', ') || DASH,
      cases: f.integer(s?.totals.n),
      passRate: f.percent(s && s.totals.n > 0 ? s.totals.passed / s.totals.n : null),
      status: s === null ? t.t('run.incomplete') : t.t(s.interrupted ? 'run.interrupted' : s.complete ? 'run.complete' : 'run.incomplete'),
    };
  });
  return { lang: opts.lang, caption: t.n('index.caption', rows.length, { count: f.integer(rows.length) }), runs: rows };
};

export type IndexView = ReturnType<typeof buildIndexView>;
