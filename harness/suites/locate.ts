/**
 * Maps a field path (`tests.3.assert.0.type`) to its line and column in a YAML document, so every
 * problem a person made can be shown where they made it.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourceLocation } from '../core/errors.js';

export type PathSegment = string | number;

/** `tests.3.assert.0.type`: the dotted form used in messages. */
export const formatPath = (path: readonly PathSegment[]): string => path.map(String).join('.');

const childOf = (node: unknown, segment: PathSegment): { value: unknown; key?: unknown } | undefined => {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
    return pair ? { value: pair.value, key: pair.key } : undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
};

const rangeStart = (node: unknown): number | undefined => {
  const range = (node as Node | undefined)?.range;
  return range ? range[0] : undefined;
};

/**
 * Position of the deepest node along `path`. With `key`, points at that key inside the node found
 * (for "unknown field" problems). Falls back to the start of the document.
 */
export const locateInYaml = (
  doc: Document,
  lineCounter: LineCounter,
  file: string,
  path: readonly PathSegment[],
  key?: string,
): SourceLocation => {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of [...path, ...(key === undefined ? [] : [key])]) {
    const child = childOf(node, segment);
    if (!child) break;
    const isLastKey = key !== undefined && segment === key;
    offset = rangeStart(isLastKey ? child.key : child.value) ?? rangeStart(child.key) ?? offset;
    node = child.value;
  }
  const pos = lineCounter.linePos(offset);
  return { file, line: pos.line, column: pos.col };
};
