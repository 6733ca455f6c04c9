#!/usr/bin/env node
// Entry point of the `bac-a-sable` command. Runs the compiled JavaScript of dist/ (built by
// `npm ci` through the package's `prepare` script) when it is up to date with harness/, else the
// TypeScript sources through tsx. Up to date: dist/build-stamp.json records the newest mtime and
// the count of harness/'s files at build time; any source saved, added or deleted since → tsx, so
// a stale dist/ never runs old code. BAC_A_SABLE_SOURCES=1 forces the sources.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { scanSources } from './source-stamp.mjs';

// Memory bounded by the live data, not by V8's appetite: on a machine with a large memory V8 lets
// the old generation grow up to 4× what survived the last full collection before collecting again,
// so a campaign whose live heap stays near 60 MB peaked at 480 MB RSS (20,000 cases). Growing by
// at most 1.5× keeps the peak near 1.5× the live heap and, measured, costs no time (fewer pages
// touched). `--heap-growing-percent` is read at each collection, so setting it here takes effect.
// BAC_A_SABLE_V8_GROWTH=0 leaves V8's default (for comparison in bench/).
const growth = process.env.BAC_A_SABLE_V8_GROWTH ?? '50';
if (growth !== '0') setFlagsFromString(`--heap-growing-percent=${Number.parseInt(growth, 10) || 50}`);

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
  // Stacks of bugs point at the TypeScript lines: main.ts maps them when it prints one
  // (core/source-mapped-stack.ts), rather than Node parsing every module's map at each start.
  ({ main } = await import(distMain.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
