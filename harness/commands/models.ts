/** `bac-a-sable models pull NAME`: downloads a catalogue model into models/ and checks its sha256. */
import { join, resolve } from 'node:path';
import { pullModel } from '../providers/model-files.js';
import { display, type CommandContext } from './context.js';

export const pullCommand = async (ctx: CommandContext, args: { name: string; from?: string }): Promise<void> => {
  const modelsDir = join(ctx.cwd, 'models');
  let lastPct = -10;
  const file = await pullModel(args.name, {
    fetch: ctx.fetch,
    modelsDir,
    ...(args.from ? { fromDir: resolve(ctx.cwd, args.from) } : {}),
    onProgress: (received: number, total?: number) => {
      if (!total) return;
      const pct = Math.floor((received / total) * 100);
      if (pct >= lastPct + 10) {
        lastPct = pct;
        ctx.stderr.write(`  ${pct} %\n`);
      }
    },
  });
  ctx.stdout.write(`✓ ${args.name} en place et vérifié (sha256) : ${display(ctx, file)}\n`);
};
