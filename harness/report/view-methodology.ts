/**
 * The methodology section: how each figure was obtained (measured or estimated, by which method),
 * the carbon intensity and PUE, the statistical tests when present, and the run's manifest (models
 * and their identities, machine, harness version, suite hashes). Pure.
 */
import { RUN_FILES } from '../store/run-folder.js';
import { DEFAULT_CARBON_G_PER_KWH } from './energy.js';
import { displayPath, withoutAbsolutePaths } from './display-path.js';
import { DASH } from './format.js';
import type { ViewContext } from './view-context.js';
import { whText } from './view-energy.js';

const MAX_IDENTITY_CHARS = 300;

const primitives = (details: Record<string, unknown> | undefined): string[] =>
  Object.entries(details ?? {})
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k} = ${String(v)}`);

export const methodologyView = (ctx: ViewContext) => {
  const { t, f, data } = ctx;
  const { manifest, summary } = data;
  const interval = summary.intervals?.find((i) => i.method || i.passRateMethod || i.level);
  const energyCells = summary.cells.map((c) => ({ cell: c, energy: ctx.cellEnergy(c.suite, c.model) }));
  const pue = manifest.energy?.pue;
  const runStatus = summary.interrupted ? 'run.interrupted' : summary.complete ? 'run.complete' : 'run.incomplete';
  return {
    intervals: summary.intervals?.length
      ? t.t('method.intervals', { level: f.percent(interval?.level ?? 0.95), method: interval?.method ?? interval?.passRateMethod ?? DASH })
      : t.t('method.noIntervals'),
    energyAvailable: energyCells.some((e) => e.energy !== null),
    energyRows: energyCells.map(({ cell, energy }) => ({
      suite: ctx.suiteTitle(cell.suite),
      model: ctx.modelLabel(cell.model),
      perCase: energy?.whPerCase == null ? t.t('energy.notMeasured') : whText(ctx, energy.whPerCase),
      how: ctx.energyHow(energy, 'long'),
      band: energy?.band ? `${whText(ctx, energy.band[0])} – ${whText(ctx, energy.band[1])}` : DASH,
      source: energy ? t.t(energy.source === 'summary' ? 'method.sourceSummary' : 'method.sourceResults') : DASH,
      split: splitText(ctx, cell.energy?.components),
    })),
    carbon: ctx.carbon.fromRun
      ? t.t('method.carbonFromRun', {
          intensity: f.approx(ctx.carbon.gPerKwh), source: manifest.energy?.carbonIntensitySource ?? manifest.energy?.country ?? DASH,
        })
      : t.t('method.carbonDefault', { intensity: f.approx(DEFAULT_CARBON_G_PER_KWH) }),
    pue: typeof pue === 'number' ? t.t('method.pueFromRun', { pue: f.approx(pue) }) : t.t('method.pueUnknown'),
    comparisons: (summary.comparisons ?? []).map((c) => ({
      suite: ctx.suiteTitle(c.suite),
      a: ctx.modelLabel(c.a),
      b: ctx.modelLabel(c.b),
      // Words first (« écart significatif »), the test's name and p-values for the specialist (glossary).
      conclusion: (c.pAdjusted ?? c.pValue) === null ? DASH : t.t((c.pAdjusted ?? c.pValue)! < 0.05 ? 'method.significant' : 'method.notSignificant'),
      test: c.test ? (t.maybe(`test.${c.test}`) ?? c.test) : DASH,
      p: f.approx(c.pValue),
      pAdjusted: f.approx(c.pAdjusted ?? null),
    })),
    run: {
      id: manifest.runId || summary.runId,
      started: f.date(summary.startedAt || manifest.createdAt),
      finished: f.date(summary.finishedAt),
      duration: f.durationMs(summary.durationMs),
      status: t.t(runStatus),
      repeat: f.integer(manifest.options?.repeat ?? 1),
    },
    harness: `${manifest.harness?.name ?? 'bac-a-sable'} ${manifest.harness?.version ?? DASH}`,
    node: manifest.runtime?.node ?? DASH,
    machine: {
      os: manifest.machine?.os ?? DASH,
      cpu: manifest.machine?.cpuModel ?? DASH,
      cpus: f.integer(manifest.machine?.cpuCount),
      ram: f.withUnit(manifest.machine?.ramTotalGb, t.t('units.gb')),
    },
    models: manifest.models.map((m) => {
      const identity = [...new Set(data.digest.cells.filter((d) => d.model === m.id).flatMap((d) => d.identities))];
      const text = [...identity, ...primitives(m.details)].join(' ; ');
      return {
        label: m.label ?? m.id,
        id: m.id,
        provider: m.provider ?? DASH,
        hosting: ctx.hostingLabel(m.id),
        identity: text.length > MAX_IDENTITY_CHARS ? `${text.slice(0, MAX_IDENTITY_CHARS)}…` : text || DASH,
      };
    }),
    suites: manifest.suites.map((s) => ({
      id: s.id,
      title: s.title ?? s.id,
      community: ctx.communityTitle(s.community ?? ''),
      classification: ctx.classificationLabel(s.classification),
      file: s.file ? displayPath(s.file) : DASH,
      sha256: s.sha256 ?? DASH,
      cases: f.integer(s.cases),
    })),
    skipped: manifest.skippedModels.map((s) => ({ id: s.id, reason: withoutAbsolutePaths(s.reason) })),
    files: (data.files.all ?? Object.values(RUN_FILES)).map((name) => ({ name, text: t.maybe(`file.${name}`) ?? t.t('file.other') })),
  };
};

/** « processeur 0,002 Wh · mémoire 0,005 Wh » for local cells; a dash for remote or unknown ones. */
const splitText = (ctx: ViewContext, c: { cpuWh: number | null; gpuWh: number | null; ramWh: number | null } | undefined): string => {
  if (!c || c.cpuWh === null || c.ramWh === null || (c.cpuWh === 0 && c.ramWh === 0)) return DASH;
  const wh = (v: number) => whText(ctx, v);
  return c.gpuWh ? ctx.t.t('energy.splitGpu', { cpu: wh(c.cpuWh), gpu: wh(c.gpuWh), ram: wh(c.ramWh) }) : ctx.t.t('energy.split', { cpu: wh(c.cpuWh), ram: wh(c.ramWh) });
};

export type MethodologyView = ReturnType<typeof methodologyView>;
