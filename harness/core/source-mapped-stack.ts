/**
 * Readable stacks for bugs without paying for source maps at every start. Node's own support
 * (`process.setSourceMapsEnabled(true)`) parses the map of every module as it loads: ~0.1 s of
 * each `run`'s start-up, measured by bench/profile-run.ts, for stacks that are printed only when
 * the harness has a bug. Here a stack is mapped when it is printed: each frame in a compiled file
 * that names its map (`//# sourceMappingURL=…`, as tsc and esbuild write it) is rewritten to the
 * TypeScript file, line and column, through node:module's SourceMap. Frames without a map (the
 * sources run through tsx, node internals, npm packages) are left as they are.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const FRAME = /((?:file:\/\/)?\/[^\s()]+\.m?js):(\d+):(\d+)/g;

const mapOf = (cache: Map<string, SourceMap | null>, file: string): SourceMap | null => {
  if (cache.has(file)) return cache.get(file)!;
  let map: SourceMap | null = null;
  try {
    const code = readFileSync(file, 'utf8');
    const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
    if (url && !url.startsWith('data:')) {
      const mapFile = resolve(dirname(file), url);
      const payload = JSON.parse(readFileSync(mapFile, 'utf8')) as ConstructorParameters<typeof SourceMap>[0] & { sourceRoot?: string };
      // Sources are relative to the map's folder (and its sourceRoot).
      payload.sources = payload.sources.map((s) => resolve(dirname(mapFile), payload.sourceRoot ?? '', s));
      map = new SourceMap(payload);
    }
  } catch {
    map = null;
  }
  cache.set(file, map);
  return map;
};

/** The stack with every frame of a compiled, source-mapped file pointing at its TypeScript source. */
export const sourceMappedStack = (stack: string): string => {
  const cache = new Map<string, SourceMap | null>();
  return stack.replace(FRAME, (whole, where: string, line: string, column: string) => {
    const file = where.startsWith('file://') ? fileURLToPath(where) : where;
    const map = mapOf(cache, file);
    if (!map) return whole;
    // SourceMap positions are 0-based; stack positions are 1-based.
    const e = map.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (e.originalSource === undefined || e.originalLine === undefined || e.originalColumn === undefined) return whole;
    const source = where.startsWith('file://') ? pathToFileURL(e.originalSource).href : e.originalSource;
    return `${source}:${e.originalLine + 1}:${e.originalColumn + 1}`;
  });
};
