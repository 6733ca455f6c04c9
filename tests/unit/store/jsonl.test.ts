import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../harness/core/types.js';
import { openResultsLog, readResults } from '../../../harness/store/jsonl.js';
import { newRunId } from '../../../harness/store/run-folder.js';

const r = (caseId: string) => ({ caseId, status: 'passed' }) as unknown as CaseResult;

describe('results log', () => {
  it('appends one line per result and reads them back, dropping a torn last line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bas-jsonl-')), 'results.jsonl');
    const log = openResultsLog(file);
    log.append(r('a'));
    log.append(r('b'));
    log.close();
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    appendFileSync(file, '{"caseId":"c","sta'); // a crash in the middle of a write
    const seen: string[] = [];
    for await (const x of readResults(file)) seen.push(x.caseId);
    expect(seen).toEqual(['a', 'b']);
  });

  it('reports a malformed line that is not the last', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bas-jsonl-')), 'results.jsonl');
    appendFileSync(file, '{"caseId":"a"}\nnot json\n{"caseId":"b"}\n');
    const bad: number[] = [];
    const seen: string[] = [];
    for await (const x of readResults(file, (line) => bad.push(line))) seen.push(x.caseId);
    expect(seen).toEqual(['a', 'b']);
    expect(bad).toEqual([2]);
  });

  it('names runs so they sort by time, in Paris time whatever the machine zone', () => {
    expect(newRunId(new Date(Date.UTC(2026, 10, 29, 2, 15, 22)), () => 'abcd')).toBe('20261129-031522-abcd');
    expect(newRunId(new Date(Date.UTC(2026, 6, 14, 22, 5, 9)), () => 'abcd')).toBe('20260715-000509-abcd');
  });
});
