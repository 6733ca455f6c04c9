/**
 * Bug stacks of the compiled CLI point at the TypeScript sources, mapped when printed: a module
 * compiled the way the build compiles (tsc, external .map named by sourceMappingURL) throws, and
 * its stack is rewritten to the .ts file, line and column of the throw.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceMappedStack } from '../../../harness/core/source-mapped-stack.js';

const SOURCE = [
  '// line 1',
  'type Input = { n: number };',
  '',
  'export const explode = (input: Input): number => {',
  '  if (input.n > 0) {',
  "    throw new Error('boom');",
  '  }',
  '  return input.n;',
  '};',
  '',
].join('\n');

let dir: string;
let stack: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stack-map-'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'out'));
  const out = ts.transpileModule(SOURCE, {
    fileName: join(dir, 'src', 'explode.ts'),
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true, removeComments: true },
  });
  // As tsc writes them: the map beside the module, sources relative to the map's folder.
  const map = JSON.parse(out.sourceMapText!) as { sources: string[]; file: string };
  map.sources = ['../src/explode.ts'];
  writeFileSync(join(dir, 'out', 'explode.mjs'), out.outputText.replace(/\/\/# sourceMappingURL=.*$/m, '//# sourceMappingURL=explode.mjs.map'));
  writeFileSync(join(dir, 'out', 'explode.mjs.map'), JSON.stringify(map));
  writeFileSync(join(dir, 'src', 'explode.ts'), SOURCE);
  // Thrown in a plain node process, as the CLI would (the test runner rewrites stacks of its own).
  const script = `import(${JSON.stringify(pathToFileURL(join(dir, 'out', 'explode.mjs')).href)}).then((m) => { try { m.explode({ n: 1 }); } catch (e) { process.stdout.write(e.stack); } });`;
  stack = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sourceMappedStack', () => {
  it('rewrites a compiled frame to the TypeScript file and line of the throw', () => {
    expect(stack).toContain('explode.mjs:');
    const mapped = sourceMappedStack(stack);
    const ts = pathToFileURL(join(dir, 'src', 'explode.ts')).href;
    expect(mapped).toMatch(new RegExp(`${ts.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:\\d+`));
    expect(mapped).not.toContain('explode.mjs:');
  });
  it('leaves frames without a map untouched (node internals, sources run through tsx)', () => {
    const plain = 'Error: x\n    at f (/nowhere/missing.js:3:7)\n    at node:internal/process/task_queues:95:5';
    expect(sourceMappedStack(plain)).toBe(plain);
  });
});
