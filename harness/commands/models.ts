/** `bac-a-sable models pull NAME`: downloads a catalogue model into models/ and checks its sha256. */
import { resolve } from 'node:path';
import { HarnessError } from '../core/errors.js';
import { catalogueNames, findCatalogueEntry } from '../providers/gguf-catalogue.js';
import { display, type CommandContext } from './context.js';
import { fetchCatalogueModel } from './fetch-models.js';

export const pullCommand = async (ctx: CommandContext, args: { name: string; from?: string }): Promise<void> => {
  const entry = findCatalogueEntry(args.name);
  if (!entry) {
    throw new HarnessError('model-not-found', `modèle inconnu du catalogue : « ${args.name} »`, { hint: `modèles disponibles : ${catalogueNames().join(', ')}` });
  }
  const file = await fetchCatalogueModel(ctx, entry, args.from ? resolve(ctx.cwd, args.from) : undefined);
  ctx.stdout.write(`✓ ${args.name} en place et vérifié (sha256) : ${display(ctx, file)}\n`);
};
