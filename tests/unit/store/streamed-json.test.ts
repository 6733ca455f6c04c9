/**
 * energy_report.json's per-case list is written as it is read (store/streamed-json.ts): the file
 * must be byte for byte what writing the whole object at once gives, leave no side file, and
 * appear whole or not at all.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../../harness/store/files.js';
import { createStreamedJson } from '../../../harness/store/streamed-json.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'streamed-json-'));
  dirs.push(d);
  return d;
};

const head = { runId: 'r-1', note: 'Énergie « brute » \u202f; "quotes" \\ \n', cells: [{ a: 1, b: [1, 2, { c: null }], d: {} }], baseline: null, constants: { sources: { x: 'y' } } };
const item = (i: number) => ({
  suite: 's', model: `m-${i % 3}`, caseId: `c${i}`, repeat: i % 2, joules: i % 5 === 0 ? null : i * 1.5e-7, method: 'cpu-load-tdp+ram-dimm-model',
  measured: false, scope: 'machine', band: i % 4 === 0 ? null : [0.1, 0.2], empty: [], nested: { deep: [{}] }, gone: undefined, text: 'é\u2028"<>&',
});

const both = (items: unknown[]) => {
  const dir = temp();
  writeJsonAtomic(join(dir, 'whole.json'), { ...head, cases: items });
  const s = createStreamedJson(join(dir, 'streamed.json'));
  for (const x of items) s.push(x);
  s.finish(head, 'cases');
  return { dir, whole: readFileSync(join(dir, 'whole.json'), 'utf8'), streamed: readFileSync(join(dir, 'streamed.json'), 'utf8') };
};

describe('a JSON file with its long array streamed', () => {
  it.each([0, 1, 2, 3000])('is byte-identical to the whole object written at once (%i items), and leaves no side file', (n) => {
    const { dir, whole, streamed } = both(Array.from({ length: n }, (_, i) => item(i)));
    expect(streamed).toBe(whole);
    expect(JSON.parse(streamed).cases).toHaveLength(n);
    expect(readdirSync(dir).sort()).toEqual(['streamed.json', 'whole.json']);
  });

  it('leaves the previous file untouched and no side file when aborted', () => {
    const dir = temp();
    const file = join(dir, 'energy_report.json');
    writeFileSync(file, 'avant');
    const s = createStreamedJson(file);
    for (let i = 0; i < 10; i++) s.push(item(i));
    s.abort();
    expect(readFileSync(file, 'utf8')).toBe('avant');
    expect(readdirSync(dir)).toEqual(['energy_report.json']);
    expect(existsSync(`${file}.${process.pid}.items.tmp`)).toBe(false);
  });
});
