/**
 * Getting catalogue GGUF files onto this machine: the download address (the catalogue's, or a
 * mirror named by BAC_A_SABLE_MODELS_URL), the progress line, and the message that says how to
 * do without the network. Shared by `models pull` and the bare `run`, so both say the same thing.
 */
import { join } from 'node:path';
import { HarnessError } from '../core/errors.js';
import type { ModelConfig } from '../config/schema.js';
import { findCatalogueEntry, type CatalogueEntry } from '../providers/gguf-catalogue.js';
import { locateModel, pullModel } from '../providers/model-files.js';
import { display, modelSearchPath, type CommandContext } from './context.js';

/** Base address of a mirror holding the catalogue's files by name (`BASE/stories260K.gguf`). */
export const MODELS_URL_ENV = 'BAC_A_SABLE_MODELS_URL';

export const downloadUrl = (ctx: CommandContext, entry: CatalogueEntry): string => {
  const base = ctx.env[MODELS_URL_ENV];
  return base ? `${base.replace(/\/+$/, '')}/${entry.file}` : entry.url;
};

/** How to get the file without this download: a folder that holds it, copied or searched. */
export const offlineHint = (entry: CatalogueEntry, url: string): string =>
  `adresse essayée : ${url}. Sans réseau, copiez ${entry.file} depuis un dossier qui le contient : ` +
  `npx bac-a-sable models pull ${entry.name} --from DOSSIER, ou indiquez ce dossier dans la variable ` +
  `BAC_A_SABLE_MODELS_PATH=DOSSIER (plusieurs dossiers séparés par « : »)`;

const mb = (bytes: number) => (bytes / 1_000_000).toLocaleString('fr-FR', { maximumFractionDigits: 1 });

/** Downloads (or copies, with `fromDir`) one catalogue model, printing one progress line per 25 %. */
export const fetchCatalogueModel = async (ctx: CommandContext, entry: CatalogueEntry, fromDir?: string): Promise<string> => {
  const url = downloadUrl(ctx, entry);
  ctx.stderr.write(`⬇ ${entry.name} : ${fromDir ? `copie depuis ${fromDir}` : `téléchargement (${mb(entry.sizeBytes)} Mo) depuis ${url}`}\n`);
  let lastPct = 0;
  try {
    return await pullModel(entry.name, {
      fetch: ctx.fetch,
      modelsDir: join(ctx.cwd, 'models'),
      url,
      ...(fromDir ? { fromDir } : {}),
      onProgress: (received, total) => {
        const pct = total ? Math.floor((received / total) * 100) : 0;
        if (pct >= lastPct + 25) {
          lastPct = pct - (pct % 25);
          ctx.stderr.write(`  ${entry.name} : ${pct} % (${mb(received)} Mo)\n`);
        }
      },
    });
  } catch (e) {
    if (!(e instanceof HarnessError) || fromDir || e.message.includes('sha256')) throw e;
    throw new HarnessError(e.code, `${entry.name} : téléchargement impossible (${e.message})`, { hint: offlineHint(entry, url), cause: e });
  }
};

/**
 * Before a run: every catalogue GGUF model of the campaign that is not on this machine is fetched
 * into models/. A failure is said (with the way to do without the network) and the run goes on:
 * that model is then skipped like any model that cannot start.
 */
export const fetchMissingModels = async (ctx: CommandContext, models: readonly ModelConfig[], all: readonly ModelConfig[]): Promise<void> => {
  const ids = new Set(models.flatMap((m) => [m.id, ...(m.wraps ?? [])]));
  const names = new Set(
    all
      .filter((m) => ids.has(m.id) && m.provider === 'gguf' && m.settings.modelsDir === undefined && typeof m.settings.model === 'string')
      .map((m) => m.settings.model as string),
  );
  for (const name of names) {
    const entry = findCatalogueEntry(name);
    if (!entry) continue;
    const present = await locateModel(name, join(ctx.cwd, 'models'), ctx.cwd, modelSearchPath(ctx)).then(() => true, () => false);
    if (present) continue;
    try {
      const file = await fetchCatalogueModel(ctx, entry);
      ctx.stderr.write(`✓ ${entry.name} en place et vérifié (sha256) : ${display(ctx, file)}\n`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const hint = e instanceof HarnessError && e.hint ? ` ${e.hint}.` : '';
      ctx.stderr.write(`⚠ ${message}.${hint} La campagne continue sans ${entry.name}.\n`);
    }
  }
};
