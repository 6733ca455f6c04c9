#!/usr/bin/env node
// Builds dist/ for the `bac-a-sable` command (the package's `prepare` script, run by `npm ci`):
// compiles harness/ with tsc -p tsconfig.build.json, copies the files the code reads at run time
// beside their module, then writes dist/build-stamp.json. harness/bin.mjs runs dist/ only while that
// stamp is newer than every file of harness/ (see source-stamp.mjs): a stale dist/ never runs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scanSources } from '../harness/source-stamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'harness');
const dist = join(root, 'dist');
// Read at run time next to their module (templates, prompts, messages, styles, data tables).
const ASSET = /\.(md|hbs|json|css|js)$/;

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // Installed without dev dependencies: no compiler, the command keeps running the sources (tsx).
  process.stderr.write('build-dist : typescript absent, dist/ non construit (la commande lira les sources via tsx)\n');
  process.exit(0);
}

// Taken before compiling: a source saved during the build leaves dist/ stale, as it should.
const before = scanSources(src);
rmSync(dist, { recursive: true, force: true });
const out = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (out.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.exit(out.status ?? 1);
}
for (const file of before.files) {
  if (!ASSET.test(file)) continue;
  const to = join(dist, relative(src, file));
  if (existsSync(to)) continue;
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(file, to);
}
// The report's templates, precompiled once here rather than at every report (harness/report/templates-compiled.ts).
const { precompiledModule, PRECOMPILED_MODULE } = await import(pathToFileURL(join(dist, 'report', 'templates-compiled.js')).href);
writeFileSync(join(dist, 'report', PRECOMPILED_MODULE), precompiledModule(join(dist, 'report', 'templates')));
writeFileSync(join(dist, 'build-stamp.json'), `${JSON.stringify({ newestSourceMs: before.newestMs, sourceCount: before.files.length }, null, 2)}\n`);
