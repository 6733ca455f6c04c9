/**
 * The lines of a JSONL file read in 1 MiB chunks, each with its byte offset and length, so a caller
 * can keep where a line is instead of the line, and read it again later (`openLineReader`). Lines
 * are split on the byte 0x0A, which never occurs inside a UTF-8 multi-byte character, so a chunk
 * edge never cuts a character in a line handed out.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

const CHUNK_BYTES = 1 << 20;

/** Calls `fn` for every line (the last one even without a final newline), blank lines included. */
export const forEachLine = (file: string, fn: (text: string, offset: number, bytes: number) => void): void => {
  if (!existsSync(file)) return;
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry: Buffer = Buffer.alloc(0);
    let carryOffset = 0;
    for (let position = 0; ; ) {
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, position);
      if (n === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      const dataOffset = carry.length > 0 ? carryOffset : position;
      position += n;
      let start = 0;
      for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
        fn(data.toString('utf8', start, nl), dataOffset + start, nl - start);
        start = nl + 1;
      }
      // What follows the last newline waits for the next chunk (copied: `chunk` is reused).
      carry = Buffer.from(data.subarray(start));
      carryOffset = dataOffset + start;
    }
    if (carry.length > 0) fn(carry.toString('utf8'), carryOffset, carry.length);
  } finally {
    closeSync(fd);
  }
};

/**
 * Calls `fn` with each line that parses as JSON, and its place; blank lines and unparsable ones (a
 * line torn by a crash while it was written) are skipped, as every reader of an append-only log does.
 */
export const forEachJsonLine = <T>(file: string, fn: (value: T, offset: number, bytes: number) => void): void =>
  forEachLine(file, (text, offset, bytes) => {
    if (text.trim() === '') return;
    let value: T;
    try {
      value = JSON.parse(text) as T;
    } catch {
      return;
    }
    fn(value, offset, bytes);
  });

export type LineReader = { read(offset: number, bytes: number): string; close(): void };

/** Reads lines again by the offset and length `forEachLine` gave. */
export const openLineReader = (file: string): LineReader => {
  const fd = openSync(file, 'r');
  let buffer = Buffer.allocUnsafe(1 << 16);
  return {
    read(offset, bytes) {
      if (bytes > buffer.length) buffer = Buffer.allocUnsafe(bytes);
      let got = 0;
      while (got < bytes) {
        const n = readSync(fd, buffer, got, bytes - got, offset + got);
        if (n === 0) throw new Error(`fin de fichier inattendue : ${file}, octet ${offset + got}`);
        got += n;
      }
      return buffer.toString('utf8', 0, bytes);
    },
    close: () => closeSync(fd),
  };
};
