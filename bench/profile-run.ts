/**
 * The profile behind benchmark 1's ratios: one campaign of N cases (default 2,000) at concurrency 4
 * against the loopback server, run under `node --cpu-prof`, its self time summed per file and per
 * function. `npx tsx bench/profile-run.ts [N]` prints the summary and the .cpuprofile's path.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './lib/child.js';
import { startLoopback } from './lib/loopback.js';
import { freshOut, runArgs, writeLoopbackProject } from './lib/project.js';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/** Package name, harness file, or node built-in a frame belongs to. */
const groupOf = (n: Node): string => {
  const u = n.callFrame.url || `(${n.callFrame.functionName || 'program'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (pkg) return `npm:${pkg[1]}`;
  const own = /\/(?:dist|harness)\/(.*)$/.exec(u);
  return own ? own[1]! : u;
};

export const summarize = (p: Profile, top = 15): string => {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const byGroup = new Map<string, number>();
  const byFn = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const t = p.timeDeltas[i] ?? 0;
    total += t;
    const n = byId.get(id)!;
    const g = groupOf(n);
    byGroup.set(g, (byGroup.get(g) ?? 0) + t);
    const f = `${n.callFrame.functionName || '(anonyme)'} — ${g}:${n.callFrame.lineNumber + 1}`;
    byFn.set(f, (byFn.get(f) ?? 0) + t);
  });
  const lines = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, t]) => `${(t / 1000).toFixed(0).padStart(6)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${name}`);
  return [`temps échantillonné : ${(total / 1000).toFixed(0)} ms`, '', 'par fichier ou paquet :', ...lines(byGroup), '', 'par fonction :', ...lines(byFn)].join('\n');
};

const main = async (): Promise<void> => {
  const cases = Number(process.argv[2] ?? 2000);
  const server = await startLoopback();
  try {
    const project = await writeLoopbackProject(server.url, cases);
    const out = freshOut(project, 0);
    const profDir = mkdtempSync(join(tmpdir(), 'bench-prof-'));
    const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, BIN, ...runArgs(project, out, 4)], { cwd: project.dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`campagne en échec (${r.status}) : ${r.stderr.slice(-500)}`);
    const file = join(profDir, readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!);
    process.stdout.write(`${summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile)}\n\nprofil : ${file}\n`);
  } finally {
    await server.close();
  }
};

await main();
