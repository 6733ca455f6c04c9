/**
 * A JSON file whose last field is a long array, written as the items arrive: each item goes to a
 * side file at once, and the whole file is assembled at the end, so a 100,000-item array never sits
 * in memory (neither as objects nor as one big string). The bytes are those of
 * `writeJsonAtomic(file, { ...head, [key]: items })` (2-space indentation, final newline), and the
 * file appears whole or not at all (written beside, then renamed).
 */
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';

export type StreamedJson<T> = {
  push(item: T): void;
  /** Writes `{ ...head, [key]: items }`; `key` must not be a field of `head` (it comes last). */
  finish(head: Record<string, unknown>, key: string): void;
  /** Removes the side file (after an error): nothing is written. */
  abort(): void;
};

const FLUSH_CHARS = 1 << 16;

export const createStreamedJson = <T>(file: string): StreamedJson<T> => {
  const side = `${file}.${process.pid}.items.tmp`;
  const fd = openSync(side, 'w');
  let open = true;
  let buffer = '';
  let count = 0;
  const flush = () => {
    if (buffer.length > 0) writeSync(fd, buffer);
    buffer = '';
  };
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    push: (item) => {
      // Indented as an element of a top-level field: 4 spaces before every line of the item.
      buffer += `${count === 0 ? '' : ',\n'}    ${JSON.stringify(item, null, 2).replace(/\n/g, '\n    ')}`;
      count++;
      if (buffer.length >= FLUSH_CHARS) flush();
    },
    finish: (head, key) => {
      try {
        flush();
        close();
        const empty = `${JSON.stringify({ ...head, [key]: [] }, null, 2)}\n`;
        const tmp = `${file}.${process.pid}.tmp`;
        if (count === 0) {
          const out = openSync(tmp, 'w');
          writeSync(out, empty);
          closeSync(out);
        } else {
          // `…"key": []\n}\n` becomes `…"key": [\n<items>\n  ]\n}\n`.
          const out = openSync(tmp, 'w');
          try {
            writeSync(out, `${empty.slice(0, -'[]\n}\n'.length)}[\n`);
            const input = openSync(side, 'r');
            try {
              const chunk = Buffer.allocUnsafe(1 << 20);
              for (let n = readSync(input, chunk); n > 0; n = readSync(input, chunk)) writeSync(out, chunk, 0, n);
            } finally {
              closeSync(input);
            }
            writeSync(out, '\n  ]\n}\n');
          } finally {
            closeSync(out);
          }
        }
        renameSync(tmp, file);
      } finally {
        rmSync(side, { force: true });
      }
    },
    abort: () => {
      close();
      rmSync(side, { force: true });
    },
  };
};
