/**
 * manifest.json: what a run was made of — harness and runtime versions, the machine, every suite
 * with its content hash, every model with its settings and the identity its provider reported.
 * Settings are copied without secret values (only the names of the variables that hold them).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { relative } from 'node:path';
import type { Suite } from '../core/types.js';
import type { ModelConfig } from '../config/schema.js';
import type { Policy } from '../sovereignty/policy.js';

export const harnessVersion = (): string => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
};

export const machineInfo = () => ({
  os: `${os.type()}-${os.release()}-${os.arch()}`,
  cpuModel: os.cpus()[0]?.model ?? null,
  cpuCount: os.availableParallelism(),
  ramTotalGb: Number((os.totalmem() / 1024 ** 3).toFixed(2)),
  hostname: os.hostname(),
});

export type ManifestInput = {
  runId: string;
  createdAt: string;
  cwd: string;
  configFile: string | null;
  suites: readonly Suite[];
  models: readonly ModelConfig[];
  described: ReadonlyMap<string, Record<string, unknown>>;
  repeat: number;
  concurrency?: number;
  skippedModels: readonly { id: string; reason: string }[];
  /** What `--resume` needs to rebuild the same plan. */
  plan: unknown;
  /** How energy is obtained on this machine: sources, carbon intensity, PUE. */
  energy?: Record<string, unknown>;
  /** The hosting policy of the config: its masking rule and every relaxation of it are recorded. */
  policy?: Policy;
  /** The config's per-community settings: δ of a suite that sets none. */
  communities?: Readonly<Record<string, { margin?: number }>>;
};

/**
 * Masking as decided for this run: the config's rule, and each place where the operator relaxed it
 * (`policy.redact: never`, a model's `redact: false`). Suites can only ask for more masking.
 */
export const maskingRecord = (policy: Policy, models: readonly ModelConfig[]) => ({
  policy: policy.redact,
  relaxations: [
    ...(policy.redact === 'never' ? [{ by: 'policy.redact', value: 'never', effect: 'aucun masquage, sauf suites avec redact: true' }] : []),
    ...models.filter((m) => m.redact === false).map((m) => ({ by: `models[${m.id}].redact`, value: false, effect: `aucun masquage vers ${m.id}` })),
  ],
});

const SECRET_KEY = /(authorization|api[-_]?key|token|secret|password|cookie)/i;

/**
 * Settings as written in the config, minus anything that could be a secret: header values other
 * than `${env:NAME}` references, credentials and secret-looking query parameters in URLs.
 */
export const redactSettings = (value: unknown, key = ''): unknown => {
  if (typeof value === 'string') {
    if (key.endsWith('Env')) return value; // the NAME of a variable (apiKeyEnv), never its value
    if ((key.startsWith('header:') || SECRET_KEY.test(key)) && !/^\$\{env:[A-Z0-9_]+\}$/i.test(value)) return '***';
    if (/^https?:\/\//i.test(value)) {
      try {
        const url = new URL(value);
        if (url.username || url.password) [url.username, url.password] = ['***', ''];
        for (const k of [...url.searchParams.keys()]) if (SECRET_KEY.test(k) || /^key$/i.test(k)) url.searchParams.set(k, '***');
        return url.toString().replace(/%2A%2A%2A/g, '***');
      } catch {
        return value;
      }
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => redactSettings(v, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSettings(v, key === 'headers' ? `header:${k}` : k)]));
  return value;
};

export const buildManifest = (input: ManifestInput) => ({
  runId: input.runId,
  createdAt: input.createdAt,
  harness: { name: 'bac-a-sable', version: harnessVersion() },
  who: os.userInfo().username,
  runtime: { node: process.version },
  machine: machineInfo(),
  config: input.configFile ? relative(input.cwd, input.configFile) || input.configFile : null,
  options: { repeat: input.repeat, ...(input.concurrency ? { concurrency: input.concurrency } : {}) },
  suites: input.suites.map((s) => ({
    id: s.id,
    title: s.title,
    community: s.community,
    ...(s.communityTitle === undefined ? {} : { communityTitle: s.communityTitle }),
    classification: s.classification,
    file: relative(input.cwd, s.file) || s.file,
    sha256: s.hash,
    cases: s.cases.length,
    ...(s.target === undefined ? {} : { target: s.target }),
    // `merge` checks the suites' quality gates from here (the shards' suite files may be elsewhere).
    ...(s.gates === undefined ? {} : { gates: s.gates }),
    ...((s.margin ?? input.communities?.[s.community]?.margin) === undefined ? {} : { margin: s.margin ?? input.communities![s.community]!.margin }),
  })),
  models: input.models.map((m) => ({
    id: m.id,
    label: m.label ?? m.id,
    provider: m.provider,
    hosting: m.hosting,
    ...(m.wraps ? { wraps: m.wraps } : {}),
    ...(m.redact === undefined ? {} : { redact: m.redact }),
    options: m.options ?? {},
    settings: redactSettings(m.settings),
    ...(m.suites ? { suites: m.suites } : {}),
    ...(m.samplePerSuite ? { samplePerSuite: m.samplePerSuite } : {}),
    ...(m.calibration ? { calibration: true } : {}),
    details: input.described.get(m.id) ?? {},
  })),
  skippedModels: input.skippedModels,
  plan: input.plan,
  ...(input.energy ? { energy: input.energy } : {}),
  ...(input.policy ? { masking: maskingRecord(input.policy, input.models) } : {}),
});
