/**
 * The profile behind benchmark 1's ratios: one campaign of N cases (default 2,000) at concurrency 4
 * against the loopback server, run under `node --cpu-prof`, its self time summed per file and per
 * function, and per phase (before the first request, requests, after the last). `npx tsx
 * bench/profile-run.ts [N]` prints it; benchmark 1 publishes the per-phase view (overhead.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './lib/child.js';
import { startLoopback } from './lib/loopback.js';
import { groupOf, phaseSummaries, type CpuProfile } from './lib/cpu-profile.js';
import { freshOut, runArgs, writeLoopbackProject, type Project } from './lib/project.js';

/** Self time of the whole profile, per file or package and per function. */
export const summarize = (p: CpuProfile, top = 15): string => {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const byGroup = new Map<string, number>();
  const byFn = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const t = p.timeDeltas[i] ?? 0;
    total += t;
    const f = byId.get(id)!.callFrame;
    const g = groupOf(f);
    byGroup.set(g, (byGroup.get(g) ?? 0) + t);
    const name = `${f.functionName || '(anonyme)'} — ${g}:${f.lineNumber + 1}`;
    byFn.set(name, (byFn.get(name) ?? 0) + t);
  });
  const lines = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, t]) => `${(t / 1000).toFixed(0).padStart(6)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${name}`);
  return [`temps échantillonné : ${(total / 1000).toFixed(0)} ms`, '', 'par fichier ou paquet :', ...lines(byGroup), '', 'par fonction :', ...lines(byFn)].join('\n');
};

/** One campaign of the generated project under `node --cpu-prof`; returns the parsed profile. */
export const profileCampaign = (project: Project, out: string, concurrency: number): CpuProfile => {
  const profDir = mkdtempSync(join(tmpdir(), 'bench-prof-'));
  try {
    const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, BIN, ...runArgs(project, out, concurrency)], { cwd: project.dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`campagne en échec (${r.status}) : ${r.stderr.slice(-500)}`);
    const file = join(profDir, readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!);
    return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  } finally {
    rmSync(profDir, { recursive: true, force: true });
  }
};

const main = async (): Promise<void> => {
  const cases = Number(process.argv[2] ?? 2000);
  const server = await startLoopback();
  try {
    const project = await writeLoopbackProject(server.url, cases);
    const out = freshOut(project, 0);
    const profile = profileCampaign(project, out, 4);
    const phases = phaseSummaries(profile, 'providers/openai-compatible')
      .map((ph) => [`${ph.phase} (${ph.totalMs.toFixed(0)} ms) :`, ...ph.top.map((g) => `${g.ms.toFixed(0).padStart(6)} ms  ${g.name}`)].join('\n'));
    process.stdout.write(`${summarize(profile)}\n\npar phase :\n${phases.join('\n')}\n`);
  } finally {
    await server.close();
  }
};

// Run as a script only (overhead.ts imports profileCampaign).
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
