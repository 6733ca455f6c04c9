// What tells a fresh dist/ from a stale one: the newest modification time among harness/'s files
// and their count (a file added or deleted changes it). Shared by scripts/build-dist.mjs, which
// records it in dist/build-stamp.json, and by bin.mjs, which compares it at each start (a few ms).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} dir @returns {{ files: string[], newestMs: number }} */
export const scanSources = (dir) => {
  const files = [];
  let newestMs = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files.push(p);
        const m = statSync(p).mtimeMs;
        if (m > newestMs) newestMs = m;
      }
    }
  };
  walk(dir);
  return { files, newestMs };
};
