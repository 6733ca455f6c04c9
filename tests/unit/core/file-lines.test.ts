/**
 * Lines of a file with their byte offsets: lines across the 1 MiB chunk edge, multi-byte characters
 * cut by it, blank lines, a last line without newline; every offset reads its line back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachLine, openLineReader } from '../../../harness/core/file-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'file-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const collect = (file: string) => {
  const out: { text: string; offset: number; bytes: number }[] = [];
  forEachLine(file, (text, offset, bytes) => out.push({ text, offset, bytes }));
  return out;
};

describe('forEachLine', () => {
  it('gives every line, in order, with offsets that read it back, across chunk edges and inside multi-byte characters', () => {
    const MiB = 1 << 20;
    // Line lengths chosen so that edges fall inside "é" (2 bytes) and "😀" (4 bytes) and between lines.
    const lines: string[] = [];
    lines.push('a'.repeat(MiB - 1)); // its newline is the chunk's last byte
    lines.push(`${'b'.repeat(MiB - 2)}é${'c'.repeat(10)}`); // "é" spans the second edge
    lines.push('');
    lines.push(`😀${'d'.repeat(MiB)}😀 fin`); // longer than a chunk
    lines.push('{"json": "ligne courte"}');
    lines.push('dernière ligne sans saut'); // no final newline
    const file = join(dir, 'edges.txt');
    writeFileSync(file, lines.join('\n'));
    const got = collect(file);
    expect(got.map((l) => l.text)).toEqual(lines);
    const reader = openLineReader(file);
    try {
      for (const l of got) {
        expect(l.bytes).toBe(Buffer.byteLength(l.text));
        expect(reader.read(l.offset, l.bytes)).toBe(l.text);
      }
    } finally {
      reader.close();
    }
  });

  it('a final newline adds no empty line; an empty or missing file gives none', () => {
    const file = join(dir, 'simple.txt');
    writeFileSync(file, 'un\ndeux\n');
    expect(collect(file)).toEqual([
      { text: 'un', offset: 0, bytes: 2 },
      { text: 'deux', offset: 3, bytes: 4 },
    ]);
    writeFileSync(join(dir, 'empty.txt'), '');
    expect(collect(join(dir, 'empty.txt'))).toEqual([]);
    expect(collect(join(dir, 'absent.txt'))).toEqual([]);
  });
});
