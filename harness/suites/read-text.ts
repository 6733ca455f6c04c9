/**
 * Reads a file a person wrote: refuses what is too big, reports non-UTF-8 bytes at their line and
 * column, strips a BOM. Never throws for user mistakes: returns the problem instead.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';

/** Files larger than this are refused: a suite or dataset this large is a mistake, not data. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type TextRead =
  | { ok: true; text: string; bytes: Buffer }
  | { ok: false; line: number; column?: number; message: string; hint?: string };

const positionOfByte = (bytes: Buffer, index: number): { line: number; column: number } => {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
};

/** Index of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
const firstInvalidUtf8 = (bytes: Buffer): number => {
  if (isUtf8(bytes)) return -1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += len;
  }
  return 0; // overlong or surrogate forms: invalid, position unknown

};

export const readUserText = (file: string): TextRead => {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { ok: false, line: 1, message: 'ce chemin n’est pas un fichier' };
    size = stat.size;
  } catch {
    return { ok: false, line: 1, message: `fichier introuvable : ${file}`, hint: 'vérifiez le chemin (relatif au fichier de suite)' };
  }
  if (size > MAX_FILE_BYTES) {
    return { ok: false, line: 1, message: `fichier trop gros (${Math.round(size / 1e6)} Mo ; maximum ${MAX_FILE_BYTES / 1024 / 1024} Mio)`, hint: 'découpez-le en plusieurs fichiers' };
  }
  const bytes = readFileSync(file);
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') {
    return { ok: false, line: 1, message: 'fichier vide' };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const pos = positionOfByte(bytes, bad);
    return {
      ok: false,
      ...pos,
      message: 'octets non UTF-8 (encodage Windows-1252 ou Latin-1 ?)',
      hint: 'dans le tableur, exportez en « CSV UTF-8 » ; ou réenregistrez le fichier en UTF-8',
    };
  }
  const text = bytes.toString('utf8');
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, bytes };
};
