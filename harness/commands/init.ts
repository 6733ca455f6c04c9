/**
 * `bac-a-sable init`: writes bac-a-sable.config.yaml from the model servers found on this machine
 * (and the URLs given with --probe), asking nothing it can detect. Never replaces an existing file
 * without --force; keeps what cannot be detected (policy, energy, communities) from the file it
 * replaces or, written elsewhere with --out, from the root config; a replaced file is kept as .bak.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { HarnessError } from '../core/errors.js';
import { CONFIG_FILE, display, type CommandContext } from './context.js';
import { renderInitConfig, type Kept } from './init-config.js';
import { defaultTargets, probeOllama, probeOpenAI, probeUrl, type FoundServer, type ProbeTargets } from './init-probe.js';

export type InitArgs = { probe?: string[]; force?: boolean; out?: string };

/** Probes wait at most this long: a closed port answers at once, a silent one must not stall init. */
export const PROBE_TIMEOUT_MS = 1500;

const readKept = (file: string): Kept => {
  try {
    const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
    if (!doc || typeof doc !== 'object') return {};
    return {
      ...(doc.policy ? { policy: doc.policy } : {}),
      ...(doc.energy && typeof doc.energy === 'object' ? { energy: doc.energy as Record<string, unknown> } : {}),
      ...(doc.communities ? { communities: doc.communities } : {}),
    };
  } catch {
    return {};
  }
};

export const initCommand = async (ctx: CommandContext, args: InitArgs, targets: ProbeTargets = defaultTargets(ctx.env)): Promise<void> => {
  const file = resolve(ctx.cwd, args.out ?? CONFIG_FILE);
  const exists = existsSync(file);
  if (exists && !args.force) {
    throw new HarnessError('invalid-input', `${display(ctx, file)} existe déjà : init ne le remplace pas`, {
      hint: `pour le remplacer (une copie est gardée dans ${display(ctx, file)}.bak) : npx bac-a-sable init --force ; ou écrivez ailleurs : npx bac-a-sable init --out mon-poste.yaml`,
    });
  }
  ctx.stderr.write('Recherche de serveurs de modèles sur ce poste…\n');
  const probes: Promise<FoundServer | undefined>[] = [
    ...targets.ollama.map((u) => probeOllama(ctx.fetch, u, PROBE_TIMEOUT_MS)),
    ...targets.openai.map((u) => probeOpenAI(ctx.fetch, u, PROBE_TIMEOUT_MS)),
    ...(args.probe ?? []).map((u) => probeUrl(ctx.fetch, u, PROBE_TIMEOUT_MS)),
  ];
  const servers = (await Promise.all(probes)).filter((s): s is FoundServer => s !== undefined);
  const unanswered = (args.probe ?? []).filter((u) => !servers.some((s) => s.baseUrl.startsWith(u.replace(/\/+$/, ''))));
  for (const u of unanswered) ctx.stderr.write(`⚠ ${u} : aucune liste de modèles (ni /api/tags d’Ollama, ni /v1/models)\n`);

  // What init cannot detect comes from the file replaced, else from the project's root config
  // (with --out): its policy.publicContacts are what lets the project's own suites validate.
  const root = resolve(ctx.cwd, CONFIG_FILE);
  const kept = exists ? readKept(file) : existsSync(root) ? readKept(root) : {};
  const result = renderInitConfig(servers, ctx.env, kept);
  if (exists) copyFileSync(file, `${file}.bak`);
  writeFileSync(file, result.text);

  for (const s of servers) ctx.stdout.write(`✓ ${s.kind === 'ollama' ? 'Ollama' : 'serveur compatible OpenAI'} à ${s.baseUrl} : ${s.models.length} modèle(s)\n`);
  for (const m of result.models) ctx.stdout.write(`    ${m.id}  (hébergement : ${m.hosting})\n`);
  if (servers.length === 0) ctx.stdout.write('Aucun serveur de modèles trouvé : la configuration contient la démonstration embarquée.\n');
  for (const k of result.keys) ctx.stdout.write(`✓ ${k} présente : modèle proposé en commentaire dans la configuration\n`);
  ctx.stdout.write(`Configuration écrite : ${display(ctx, file)}${exists ? ` (ancienne version : ${display(ctx, file)}.bak)` : ''}\n`);
  const cfg = args.out ? ` --config ${display(ctx, file)}` : '';
  if (result.undecided > 0) ctx.stdout.write(`À faire : indiquez l’hébergement (hosting) des modèles marqués « à préciser », puis : npx bac-a-sable validate${cfg}\n`);
  else ctx.stdout.write(`Ensuite : npx bac-a-sable run${cfg}\n`);
};
