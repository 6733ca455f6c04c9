/**
 * Which cases of the chosen suites a campaign runs: `--cases ID|REGEX…`, `--limit N`,
 * `--sample N --seed S` (per suite) and `--shard K/N` (a deterministic part of the plan for one
 * machine of a CI matrix). Recorded in the manifest so that `--resume` and `merge` rebuild it.
 * Every choice depends only on suite ids, case ids and the numbers given: the same on every machine.
 */
import { createHash } from 'node:crypto';
import { HarnessError, invalidInput } from '../core/errors.js';
import type { Suite } from '../core/types.js';

export type Selection = {
  cases?: string[];
  limit?: number;
  sample?: number;
  seed?: number;
  shard?: { index: number; total: number };
};

const CLI = { file: '(ligne de commande)', line: 1 } as const;

/** `K/N` with 1 ≤ K ≤ N; anything else is an input error naming the option. */
export const parseShard = (text: string): { index: number; total: number } => {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total) {
    throw invalidInput([{ at: CLI, path: '--shard', message: `« ${text} » : forme attendue K/N avec 1 ≤ K ≤ N (ex. 2/3 : la deuxième part sur trois)`, hint: 'dans GitLab : --shard $CI_NODE_INDEX/$CI_NODE_TOTAL' }]);
  }
  return { index, total };
};

/** A number in [0, 1) from the text's sha256: stable across machines and Node versions. */
const unit = (text: string): number => parseInt(createHash('sha256').update(text).digest('hex').slice(0, 12), 16) / 2 ** 48;

/** The shard (1-based) a case belongs to: every model and repeat of a case lands in the same one. */
export const shardOf = (suiteId: string, caseId: string, total: number): number => 1 + Math.floor(unit(`${suiteId}\u0000${caseId}`) * total);

const matcher = (selectors: readonly string[]): ((id: string) => boolean) => {
  const tests = selectors.map((sel) => {
    let re: RegExp | undefined;
    try {
      re = new RegExp(`^(?:${sel})$`, 'u');
    } catch {
      re = undefined;
    }
    return (id: string) => id === sel || (re?.test(id) ?? false);
  });
  return (id) => tests.some((t) => t(id));
};

/** The suites with only the selected cases; an empty selection (not shard) is an input error. */
export const applySelection = (suites: readonly Suite[], sel: Selection): Suite[] => {
  const wanted = sel.cases && sel.cases.length > 0 ? matcher(sel.cases) : undefined;
  const out = suites.map((s) => {
    let cases = wanted ? s.cases.filter((c) => wanted(c.id)) : [...s.cases];
    if (sel.sample !== undefined && cases.length > sel.sample) {
      const seed = sel.seed ?? 0;
      const kept = new Set([...cases].sort((a, b) => unit(`${seed}\u0000${s.id}\u0000${a.id}`) - unit(`${seed}\u0000${s.id}\u0000${b.id}`)).slice(0, sel.sample).map((c) => c.id));
      cases = cases.filter((c) => kept.has(c.id));
    }
    if (sel.limit !== undefined) cases = cases.slice(0, sel.limit);
    return { ...s, cases };
  });
  if (out.every((s) => s.cases.length === 0)) {
    throw new HarnessError('invalid-input', `la sélection ne garde aucun cas (${[sel.cases ? `--cases ${sel.cases.join(' ')}` : '', sel.limit !== undefined ? `--limit ${sel.limit}` : '', sel.sample !== undefined ? `--sample ${sel.sample}` : ''].filter(Boolean).join(', ')})`, {
      hint: `identifiants de cas : ${suites.flatMap((s) => s.cases.slice(0, 5).map((c) => c.id)).join(', ')}… (bac-a-sable list suites) ; --cases accepte un id exact ou une expression régulière qui couvre tout l’id`,
    });
  }
  const shard = sel.shard;
  if (!shard) return out;
  // After the other options: the shards of one plan cover exactly the selected cases.
  return out.map((s) => ({ ...s, cases: s.cases.filter((c) => shardOf(s.id, c.id, shard.total) === shard.index) }));
};

/** What identifies a plan whatever the shard: config, suites (content), models, repeats, selection. */
export const planFingerprint = (p: { configSha256: string; suites: readonly { id: string; hash: string }[]; models: readonly string[]; repeat: number; selection?: Selection }): string => {
  const { shard: _shard, ...rest } = p.selection ?? {};
  return createHash('sha256')
    .update(JSON.stringify({ config: p.configSha256, suites: p.suites.map((s) => [s.id, s.hash]), models: [...p.models], repeat: p.repeat, selection: rest }))
    .digest('hex');
};
