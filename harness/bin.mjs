#!/usr/bin/env node
// Entry point of the `bac-a-sable` command. Runs the compiled JavaScript of dist/ (built by
// `npm ci` through the package's `prepare` script) when it is up to date with harness/, else the
// TypeScript sources through tsx. Up to date: dist/build-stamp.json records the newest mtime and
// the count of harness/'s files at build time; any source saved, added or deleted since → tsx, so
// a stale dist/ never runs old code. BAC_A_SABLE_SOURCES=1 forces the sources.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scanSources } from './source-stamp.mjs';

const distMain = new URL('../dist/main.js', import.meta.url);
const stampFile = new URL('../dist/build-stamp.json', import.meta.url);

const distIsFresh = () => {
  if (process.env.BAC_A_SABLE_SOURCES === '1' || !existsSync(distMain) || !existsSync(stampFile)) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    const now = scanSources(fileURLToPath(new URL('.', import.meta.url)));
    return now.files.length === stamp.sourceCount && now.newestMs <= stamp.newestSourceMs;
  } catch {
    return false;
  }
};

let main;
if (distIsFresh()) {
  // Stacks point at the TypeScript lines (the build keeps source maps).
  process.setSourceMapsEnabled(true);
  ({ main } = await import(distMain.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
