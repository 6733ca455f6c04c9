/**
 * The egress ledger. Its source of truth is `egress.jsonl`, an append-only log in the run folder:
 * one `send` line per request, written before the request leaves (so a crash, a kill -9 or a
 * second Ctrl-C loses nothing), then one `outcome` line when it is answered or fails. `egress.json`
 * (for every host that received case data: which models and suites, how many cases of each
 * classification, how many personal values were masked, how many bytes and requests) is derived
 * from it, at the end of a run, on resume and by `report`.
 */
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { forEachJsonLine } from '../core/file-lines.js';
import type { Classification, Hosting } from '../core/types.js';

export type EgressEntry = {
  host: string;
  hosting: Hosting;
  models: string[];
  suites: string[];
  cases: Partial<Record<Classification, number>>;
  redactions: number;
  bytes: number;
  /** Requests sent (every attempt, judge and warm-up included). */
  requests?: number;
};

/** Why a request left: a candidate's answer, a judge's verdict, or the warm-up of a local model. */
export type EgressPurpose = 'case' | 'judge' | 'warm-up';

/** One request, as written before it is sent. `suite`/`caseId` are absent for a neutral warm-up. */
export type EgressSend = {
  type: 'send';
  /** Sequence number within this process; pairs the send with its outcome. */
  seq: number;
  at: string;
  host: string;
  hosting: Hosting;
  model: string;
  purpose: EgressPurpose;
  suite?: string;
  caseId?: string;
  repeat?: number;
  classification?: Classification;
  /** Size of the request's content (messages and case values), in bytes. */
  bytes: number;
  /** Distinct personal values masked in this request. */
  redactions: number;
};
export type EgressOutcome = { type: 'outcome'; seq: number; at: string; ok: boolean; code?: string };
export type EgressLine = EgressSend | EgressOutcome;

/** Where the ledger lines go; the runner's guard writes through it. */
export type EgressSink = { write(line: EgressLine): void; close(): void };

/**
 * Opens the ledger for appending. Each line is one write(2), so it survives the process being
 * killed; a line about a request to another machine is also flushed to disk (fdatasync) before the
 * request leaves, so it survives a power cut too.
 */
export const openEgressLog = (file: string): EgressSink => {
  const fd = openSync(file, 'a');
  let closed = false;
  return {
    write(line) {
      if (closed) return;
      writeSync(fd, `${JSON.stringify(line)}\n`);
      if (line.type === 'send' && line.hosting !== 'local') fdatasyncSync(fd);
    },
    close() {
      if (closed) return;
      closed = true;
      fdatasyncSync(fd);
      closeSync(fd);
    },
  };
};

/**
 * Calls `fn` with each line of a ledger file, in order, streamed in chunks (never held whole: 32 MB
 * at 100,000 cases); a last line torn by a crash is skipped (the request it announced was never sent).
 */
export const forEachEgressLine = (file: string, fn: (line: EgressLine) => void): void => {
  forEachJsonLine<EgressLine>(file, (v) => {
    if (v && (v.type === 'send' || v.type === 'outcome')) fn(v);
  });
};

/** Per-host totals built line by line, so a ledger is summarised without being held in memory. */
export const createEgressSummarizer = () => {
  const entries = new Map<string, EgressEntry>();
  const seen = new Map<string, Set<string>>();
  return {
    add(l: EgressLine): void {
      if (l.type !== 'send') return;
      const e = entries.get(l.host) ?? { host: l.host, hosting: l.hosting, models: [], suites: [], cases: {}, redactions: 0, bytes: 0 };
      if (!e.models.includes(l.model)) e.models.push(l.model);
      if (l.suite !== undefined && !e.suites.includes(l.suite)) e.suites.push(l.suite);
      // A case counts once per host and model, whatever the attempts, judges and warm-ups it took.
      if (l.suite !== undefined && l.caseId !== undefined && l.classification !== undefined) {
        const key = JSON.stringify([l.model, l.suite, l.caseId, l.repeat ?? 1]);
        const hostSeen = seen.get(l.host) ?? new Set<string>();
        if (!hostSeen.has(key)) e.cases[l.classification] = (e.cases[l.classification] ?? 0) + 1;
        hostSeen.add(key);
        seen.set(l.host, hostSeen);
      }
      e.redactions += l.redactions;
      e.bytes += l.bytes;
      e.requests = (e.requests ?? 0) + 1;
      entries.set(l.host, e);
    },
    result(): EgressEntry[] {
      return [...entries.values()].sort((a, b) => a.host.localeCompare(b.host));
    },
  };
};

/** Per host, from the send lines. */
export const summarizeEgress = (lines: readonly EgressLine[]): EgressEntry[] => {
  const summary = createEgressSummarizer();
  for (const l of lines) summary.add(l);
  return summary.result();
};

/** summarizeEgress of a ledger file, streamed. */
export const summarizeEgressFile = (file: string): EgressEntry[] => {
  const summary = createEgressSummarizer();
  forEachEgressLine(file, (l) => summary.add(l));
  return summary.result();
};

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
