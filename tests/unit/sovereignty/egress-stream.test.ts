/**
 * The ledger is summarised as a stream (1 MiB chunks), never read whole: the streamed reading must
 * see exactly the lines a whole read sees, across chunk edges that cut a line or a multi-byte
 * character in two, and still skip a last line torn by a crash.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachEgressLine, summarizeEgress, summarizeEgressFile, type EgressLine } from '../../../harness/sovereignty/egress.js';

const dir = mkdtempSync(join(tmpdir(), 'egress-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lines with accented case ids of varying length, so chunk edges fall anywhere, mid-character included. */
const ledger = (n: number): EgressLine[] => {
  const out: EgressLine[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      type: 'send', seq: i, at: '2026-12-04T10:00:00.000Z', host: i % 3 === 0 ? 'api.exemple.fr' : '127.0.0.1:8080', hosting: i % 3 === 0 ? 'eu-cloud' : 'local',
      model: `m${i % 2}`, purpose: 'case', suite: 'démarches', caseId: `cas-é${'è'.repeat(i % 17)}-${Math.floor(i / 2)}`, repeat: 1, classification: i % 5 === 0 ? 'interne' : 'public', bytes: 100 + (i % 7), redactions: i % 4 === 0 ? 1 : 0,
    });
    out.push({ type: 'outcome', seq: i, at: '2026-12-04T10:00:00.010Z', ok: i % 11 !== 0 });
  }
  return out;
};

describe('streamed ledger reading', () => {
  const lines = ledger(12_000);
  const file = join(dir, 'egress.jsonl');
  writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));

  it('reads every line of a multi-chunk file, multi-byte characters intact', () => {
    const seen: EgressLine[] = [];
    forEachEgressLine(file, (l) => seen.push(l));
    expect(seen).toEqual(lines);
  });

  it('gives the same per-host summary as the whole-file path', () => {
    expect(summarizeEgressFile(file)).toEqual(summarizeEgress(lines));
    const hosts = summarizeEgressFile(file).map((h) => h.host);
    expect(hosts).toEqual(['127.0.0.1:8080', 'api.exemple.fr']);
  });

  it('skips a last line torn by a crash, keeps a complete last line without its newline', () => {
    const torn = join(dir, 'torn.jsonl');
    writeFileSync(torn, lines.slice(0, 4).map((l) => `${JSON.stringify(l)}\n`).join(''));
    appendFileSync(torn, JSON.stringify(lines[4]).slice(0, 40));
    const a: EgressLine[] = [];
    forEachEgressLine(torn, (l) => a.push(l));
    expect(a).toEqual(lines.slice(0, 4));
    const whole = join(dir, 'no-final-newline.jsonl');
    writeFileSync(whole, lines.slice(0, 3).map((l) => JSON.stringify(l)).join('\n'));
    const b: EgressLine[] = [];
    forEachEgressLine(whole, (l) => b.push(l));
    expect(b).toEqual(lines.slice(0, 3));
  });
});
