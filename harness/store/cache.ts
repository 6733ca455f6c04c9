/**
 * The response cache on disk: one JSON file per request, keyed by a hash of the provider, the
 * model's exact identity, the parameters and the request itself. Written atomically; an unreadable
 * entry is a miss, never an error.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Completion } from '../providers/types.js';

export interface ResponseCache {
  get(key: string): Completion | undefined;
  set(key: string, completion: Completion): void;
}

export const createDiskCache = (dir: string): ResponseCache => {
  mkdirSync(dir, { recursive: true });
  const fileOf = (key: string) => join(dir, `${key}.json`);
  return {
    get(key) {
      try {
        return JSON.parse(readFileSync(fileOf(key), 'utf8')) as Completion;
      } catch {
        return undefined;
      }
    },
    set(key, completion) {
      const file = fileOf(key);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(completion));
      renameSync(tmp, file);
    },
  };
};
