/**
 * A case as read from any source (inline YAML, YAML or JSONL dataset, CSV row), before validation:
 * the raw object plus a way to point at any of its fields in the file it came from.
 */
import type { SourceLocation } from '../core/errors.js';
import type { PathSegment } from './locate.js';

export type RawCase = {
  raw: unknown;
  source: SourceLocation;
  /** Location of a field of this case (path relative to the case), or of a key inside it. */
  locate(path: readonly PathSegment[], key?: string): SourceLocation;
};
