/**
 * Loads and validates the models config against the provider registry, with every problem located
 * at file:line:col. Secrets are not read here: only the names of the variables that hold them.
 */
import { resolve } from 'node:path';
import type { Issue, Loaded } from '../core/errors.js';
import { suggestName } from '../core/suggest.js';
import { resolvePolicy } from '../sovereignty/policy.js';
import type { ZodIssue } from '../core/zod-messages.js';
import { locatedIssues } from '../suites/located-issues.js';
import type { ProviderDefinition } from '../providers/types.js';
import { formatPath, locateInYaml, type PathSegment } from '../suites/locate.js';
import { parseYaml } from '../suites/parse-yaml.js';
import { readUserText } from '../suites/read-text.js';
import { resolveUserPath } from '../suites/user-path.js';
import { checkDeclaredHosting } from './endpoint-hosting.js';
import { resolveHostingChains } from './hosting-chain.js';
import { COMMON_KEYS, ConfigFileSchema, ModelCommonSchema, type Config, type ModelConfig } from './schema.js';

export type ProviderRegistry = Readonly<Record<string, ProviderDefinition>>;

export const DEFAULT_OUT = 'reports/runs';

/** Settings of each provider kind that are paths a person wrote, relative to the project root. */
const PATH_SETTINGS: Record<string, readonly string[]> = { rag: ['corpus'] };

/**
 * @param projectRoot when given, path settings (a RAG corpus) must stay in it once links are followed
 */
export const parseConfig = (text: string, displayFile: string, absFile: string | null, providers: ProviderRegistry, projectRoot?: string): Loaded<Config> => {
  const parsed = parseYaml(text, displayFile);
  if (!parsed.ok) return parsed;
  const { doc, lineCounter, value } = parsed.value;
  const locate = (path: readonly PathSegment[], key?: string) => locateInYaml(doc, lineCounter, displayFile, path, key);
  const issues: Issue[] = [];
  const pushZod = (zodIssues: readonly ZodIssue[], root: unknown, prefix: PathSegment[]) => {
    issues.push(...locatedIssues(zodIssues, root, locate, prefix));
  };
  const top = ConfigFileSchema.safeParse(value);
  if (!top.success) {
    pushZod(top.error.issues, value, []);
    return { ok: false, issues };
  }
  const models: ModelConfig[] = [];
  /** Position in the file of each validated block (invalid blocks are left out of `models`). */
  const blockIndex: number[] = [];
  const ids = new Map<string, number>();
  top.data.models.forEach((block, i) => {
    const common = ModelCommonSchema.safeParse(block);
    if (!common.success) {
      pushZod(common.error.issues, block, ['models', i]);
      return;
    }
    if (ids.has(common.data.id)) {
      issues.push({ at: locate(['models', i, 'id']), path: `models.${i}.id`, message: `modèle « ${common.data.id} » déclaré deux fois`, hint: `déjà en models.${ids.get(common.data.id)}` });
    }
    ids.set(common.data.id, i);
    const def = providers[common.data.provider];
    if (!def) {
      const close = suggestName(common.data.provider, Object.keys(providers));
      issues.push({
        at: locate(['models', i, 'provider']),
        path: `models.${i}.provider`,
        message: `fournisseur inconnu « ${common.data.provider} »`,
        hint: close ? `vouliez-vous dire « ${close} » ?` : `fournisseurs : ${Object.keys(providers).join(', ')}`,
      });
      return;
    }
    const own = Object.fromEntries(Object.entries(block).filter(([k]) => !COMMON_KEYS.includes(k)));
    const settings = def.config.safeParse(own);
    if (!settings.success) {
      pushZod(settings.error.issues, own, ['models', i]);
      return;
    }
    if (projectRoot !== undefined) {
      for (const key of PATH_SETTINGS[common.data.provider] ?? []) {
        const written = (settings.data as Record<string, unknown>)[key];
        if (typeof written !== 'string') continue;
        const checked = resolveUserPath(written, projectRoot, [projectRoot]);
        if (!checked.ok) issues.push({ at: locate(['models', i, key]), path: `models.${i}.${key}`, message: checked.message, hint: checked.hint });
      }
    }
    models.push({ ...common.data, settings: settings.data as Record<string, unknown> });
    blockIndex.push(i);
  });
  // Where the data really goes: a declared hosting must match the endpoint, and a wrapper (rag…)
  // is at most as sovereign as the end of its chain, however deep.
  models.forEach((m, k) => {
    if (providers[m.provider]?.innerModel) return;
    const mismatch = checkDeclaredHosting(m);
    if (mismatch) issues.push({ at: locate(['models', blockIndex[k]!, 'hosting']), path: `models.${blockIndex[k]}.hosting`, ...mismatch });
  });
  const chained = resolveHostingChains(
    models.map((m) => {
      const inner = providers[m.provider]?.innerModel?.(m.settings as never);
      return { id: m.id, hosting: m.hosting, ...(inner === undefined ? {} : { inner }) };
    }),
    (k, field) => ({ at: locate(['models', blockIndex[k]!, field]), path: `models.${blockIndex[k]}.${field}` }),
  );
  issues.push(...chained.issues);
  for (const m of models) {
    const wraps = chained.chains.get(m.id);
    if (wraps) m.wraps = wraps;
  }
  const defaults = top.data.defaults ?? {};
  const judges = defaults.judge === undefined ? [] : Array.isArray(defaults.judge) ? defaults.judge : [defaults.judge];
  judges.forEach((id, j) => {
    if (!ids.has(id)) issues.push({ at: locate(['defaults', 'judge', ...(Array.isArray(defaults.judge) ? [j] : [])]), path: 'defaults.judge', message: `juge « ${id} » non déclaré dans models` });
  });
  (defaults.models ?? []).forEach((id, j) => {
    if (!ids.has(id)) {
      const close = suggestName(id, [...ids.keys()]);
      issues.push({ at: locate(['defaults', 'models', j]), path: `defaults.models.${j}`, message: `modèle « ${id} » non déclaré dans models`, ...(close ? { hint: `vouliez-vous dire « ${close} » ?` } : {}) });
    }
  });
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      file: absFile,
      models,
      defaults: {
        models: defaults.models ?? models.map((m) => m.id),
        ...(defaults.concurrency ? { concurrency: defaults.concurrency } : {}),
        repeat: defaults.repeat ?? 1,
        out: defaults.out ?? DEFAULT_OUT,
        suites: defaults.suites ?? 'suites',
        judges: defaults.judge === undefined ? [] : Array.isArray(defaults.judge) ? defaults.judge : [defaults.judge],
      },
      policy: resolvePolicy(top.data.policy),
      energy: top.data.energy ?? {},
      ...(top.data.communities ? { communities: top.data.communities } : {}),
    },
  };
};

export const loadConfig = (file: string, displayFile: string, providers: ProviderRegistry, projectRoot?: string): Loaded<Config> => {
  const read = readUserText(file);
  if (!read.ok) {
    return { ok: false, issues: [{ at: { file: displayFile, line: read.line, ...(read.column ? { column: read.column } : {}) }, path: '', message: read.message, ...(read.hint ? { hint: read.hint } : {}) }] };
  }
  return parseConfig(read.text, displayFile, resolve(file), providers, projectRoot);
};

