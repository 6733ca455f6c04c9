/**
 * harness/bin.mjs runs dist/ only while its build stamp is newer than every file of harness/: a
 * source saved, added or deleted after the build sends the command back to the sources (tsx), so a
 * stale dist/ never runs old code. Checked on a throwaway copy of the layout (bin + stamp helper,
 * a dist/main.js and a harness/main.ts that say which one ran).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';
import { scanSources } from '../../../harness/source-stamp.mjs';

let root: string;
const run = (env: Record<string, string> = {}): string =>
  spawnSync(process.execPath, [join(root, 'harness', 'bin.mjs')], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' }).stdout.trim();

const stamp = (): void => {
  const s = scanSources(join(root, 'harness'));
  writeFileSync(join(root, 'dist', 'build-stamp.json'), JSON.stringify({ newestSourceMs: s.newestMs, sourceCount: s.files.length }));
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'bin-dist-'));
  mkdirSync(join(root, 'harness'));
  mkdirSync(join(root, 'dist'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  for (const f of ['bin.mjs', 'source-stamp.mjs']) copyFileSync(join(REPO_ROOT, 'harness', f), join(root, 'harness', f));
  writeFileSync(join(root, 'harness', 'main.ts'), "export const main = async (): Promise<number> => { console.log('sources'); return 0; };\n");
  writeFileSync(join(root, 'dist', 'main.js'), "export const main = async () => { console.log('dist'); return 0; };\n");
  const past = new Date(Date.now() - 60_000);
  for (const f of ['bin.mjs', 'source-stamp.mjs', 'main.ts']) utimesSync(join(root, 'harness', f), past, past);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('bac-a-sable picks dist/ or the sources', () => {
  it('runs dist/ when its stamp is up to date', () => {
    stamp();
    expect(run()).toBe('dist');
  });
  it('runs the sources when a source was saved after the build', () => {
    stamp();
    writeFileSync(join(root, 'harness', 'main.ts'), "export const main = async (): Promise<number> => { console.log('sources'); return 0; };\n");
    expect(run()).toBe('sources');
  });
  it('runs the sources when a file was added or deleted after the build, even with an older date', () => {
    stamp();
    writeFileSync(join(root, 'harness', 'extra.ts'), 'export {};\n');
    const past = new Date(Date.now() - 120_000);
    utimesSync(join(root, 'harness', 'extra.ts'), past, past);
    expect(run()).toBe('sources');
  });
  it('runs the sources without a stamp, or when BAC_A_SABLE_SOURCES=1', () => {
    expect(run()).toBe('sources');
    stamp();
    expect(run({ BAC_A_SABLE_SOURCES: '1' })).toBe('sources');
  });
});
