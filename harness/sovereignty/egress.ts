/**
 * The egress ledger: for every host that received case data, which models and suites, how many
 * cases of each classification, how many PII values were masked, how many bytes were sent.
 * Written as `egress.json` in the run folder; the report's « Qui a vu quelles données ? » reads it.
 */
import type { Classification, Hosting } from '../core/types.js';

export type EgressEntry = {
  host: string;
  hosting: Hosting;
  models: string[];
  suites: string[];
  cases: Partial<Record<Classification, number>>;
  redactions: number;
  bytes: number;
};

export type EgressRecord = { host: string; hosting: Hosting; model: string; suite: string; classification: Classification; bytes: number; redactions: number };

export const createEgressLedger = (initial: readonly EgressEntry[] = []) => {
  const entries = new Map<string, EgressEntry>(initial.map((e) => [e.host, structuredClone(e)]));
  return {
    record(r: EgressRecord): void {
      const e = entries.get(r.host) ?? { host: r.host, hosting: r.hosting, models: [], suites: [], cases: {}, redactions: 0, bytes: 0 };
      if (!e.models.includes(r.model)) e.models.push(r.model);
      if (!e.suites.includes(r.suite)) e.suites.push(r.suite);
      e.cases[r.classification] = (e.cases[r.classification] ?? 0) + 1;
      e.redactions += r.redactions;
      e.bytes += r.bytes;
      entries.set(r.host, e);
    },
    entries: (): EgressEntry[] => [...entries.values()].sort((a, b) => a.host.localeCompare(b.host)),
  };
};
export type EgressLedger = ReturnType<typeof createEgressLedger>;

/** Where a model's requests go: the host of its URL, or this machine for in-process models and programs. */
export const hostOf = (settings: Record<string, unknown>, provider: string): string => {
  const url = settings.baseUrl ?? settings.url;
  if (typeof url === 'string') {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  }
  const defaults: Record<string, string> = { openai: 'api.openai.com', mistral: 'api.mistral.ai', ollama: '127.0.0.1:11434' };
  return defaults[provider] ?? 'ce poste (local)';
};
