/** `bac-a-sable list suites|models|scorers`: what the project holds, in plain tables. */
import { HOSTING_LABELS } from '../core/labels.js';
import { invalidInput } from '../core/errors.js';
import type { ProviderRegistry } from '../config/load-config.js';
import type { ScorerRegistry } from '../scorers/types.js';
import type { AssertionChecker } from '../suites/load-suite.js';
import { display, loadSuites, readConfig, resolveSuiteFiles, type CommandContext } from './context.js';

export type ListArgs = { what: 'suites' | 'models' | 'scorers'; config?: string };

const table = (rows: string[][]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
};

export const listCommand = (
  ctx: CommandContext,
  args: ListArgs,
  deps: { providers: ProviderRegistry; checker: AssertionChecker; scorers: ScorerRegistry; scorerTypes: readonly string[] },
): void => {
  if (args.what === 'scorers') {
    const rows = [['critère', 'description'], ...deps.scorerTypes.map((t) => [t, deps.scorers[t]?.description ?? `inverse de « ${t.replace(/^not-/, '')} »`])];
    ctx.stdout.write(`${table(rows)}\n`);
    return;
  }
  const config = readConfig(ctx, deps.providers, args.config);
  if (args.what === 'models') {
    const rows = [['modèle', 'fournisseur', 'hébergement', 'secrets', 'par défaut']];
    for (const m of config.models) {
      const needed = deps.providers[m.provider]?.requiredEnv?.(m.settings as never) ?? [];
      const missing = needed.filter((n) => !ctx.env[n]);
      const secrets = needed.length === 0 ? '—' : missing.length === 0 ? `${needed.join(', ')} ✓` : `${missing.join(', ')} MANQUANTE(S)`;
      rows.push([m.id, m.provider, `${m.hosting} (${HOSTING_LABELS[m.hosting]})`, secrets, config.defaults.models.includes(m.id) ? 'oui' : '']);
    }
    ctx.stdout.write(`${table(rows)}\n`);
    return;
  }
  const { suites, issues } = loadSuites(ctx, resolveSuiteFiles(ctx, config, []), deps.checker, {
    suitesDir: config.defaults.suites,
    publicContacts: config.policy.publicContacts,
  });
  if (issues.length > 0) throw invalidInput(issues);
  const rows = [['suite', 'communauté', 'classification', 'cas', 'fichier', 'titre']];
  for (const s of suites) rows.push([s.id, s.community, s.classification, String(s.cases.length), display(ctx, s.file), s.title]);
  ctx.stdout.write(`${table(rows)}\n`);
};
