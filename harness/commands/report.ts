/**
 * `bac-a-sable report RUN_DIR [--pdf]`: rewrites summary.json, results.csv and report.html from
 * results.jsonl; with --pdf, also prints report.pdf through Chromium.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { readJsonFile } from '../store/read-json.js';
import { resolve } from 'node:path';
import type { RunSummary } from '../core/types.js';
import { writeReportPdf } from '../report/pdf.js';
import { renderSummaryTable } from '../reporters/table.js';
import { runFile } from '../store/run-folder.js';
import { display, type CommandContext } from './context.js';
import { finalizeRunFolder, readManifest } from './finalize.js';

export const reportCommand = async (ctx: CommandContext, args: { runDir: string; lang?: 'fr' | 'en'; pdf?: boolean }): Promise<void> => {
  const runDir = resolve(ctx.cwd, args.runDir);
  const manifest = readManifest(runDir);
  const previous = existsSync(runFile(runDir, 'summary'))
    ? (readJsonFile(runFile(runDir, 'summary'), display(ctx, runFile(runDir, 'summary')), z.looseObject({}), 'supprimez summary.json : report le reconstruit depuis results.jsonl') as unknown as RunSummary)
    : undefined;
  const { summary, report } = await finalizeRunFolder(runDir, {
    startedAt: previous?.startedAt ?? manifest.createdAt,
    finishedAt: previous?.finishedAt ?? manifest.createdAt,
    durationMs: previous?.durationMs ?? 0,
    complete: previous?.complete ?? false,
    interrupted: previous?.interrupted ?? true,
  }, { lang: args.lang ?? 'fr' });
  ctx.stdout.write(`${renderSummaryTable(summary.cells)}\n\nFichiers réécrits dans ${display(ctx, runDir)}\nRapport : ${display(ctx, report)}\n`);
  if (args.pdf) {
    const chromium = ctx.env.BAC_A_SABLE_CHROMIUM;
    const pdf = await writeReportPdf(report, chromium ? { executablePath: chromium } : {});
    ctx.stdout.write(`PDF : ${display(ctx, pdf)}\n`);
  }
};
