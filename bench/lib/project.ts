/**
 * Generated projects for the CLI benchmarks: one suite over a JSONL dataset with one `equals`
 * assertion against the reference (the loopback server echoes the prompt, so every case passes),
 * and a config naming the loopback server as a local OpenAI-compatible model.
 */
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { promptOf } from '../workers/prompts.mjs';

export type Project = { dir: string; suite: string; config: string };

/** Streams `n` cases to `file` (100,000 lines would be a 20 MB string otherwise). */
const writeCases = async (file: string, n: number): Promise<void> => {
  const out = createWriteStream(file);
  for (let i = 0; i < n; i++) {
    const p = promptOf(i);
    if (!out.write(`${JSON.stringify({ id: `c${i}`, vars: { q: p }, reference: p })}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
};

/** A project with `n` cases against the loopback server at `baseUrl`. */
export const writeLoopbackProject = async (baseUrl: string, n: number): Promise<Project> => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-proj-'));
  await writeCases(join(dir, 'cases.jsonl'), n);
  const suite = join(dir, 'suite.yaml');
  writeFileSync(
    suite,
    'id: bench-overhead\ntitle: Banc de mesure du surcoût\ncommunity: bench\nclassification: public\nprompt: "{{q}}"\ndefaultTest:\n  assert: [{ type: equals }]\ntests: cases.jsonl\n',
  );
  const config = join(dir, 'config.yaml');
  // hosting local: a server on 127.0.0.1 is what a llama.cpp or vLLM server on this machine is.
  writeFileSync(config, `models:\n  - { id: loopback, provider: openai-compatible, baseUrl: "${baseUrl}", model: loopback-model, hosting: local }\ndefaults:\n  models: [loopback]\n`);
  return { dir, suite, config };
};

/**
 * The CLI arguments of a campaign on a generated project. `--concurrent-local`: without it the
 * harness serves a local model one request at a time (so each case's energy window is its own),
 * whatever `--concurrency` says, and the comparison with a bare loop at that concurrency would be void.
 */
export const runArgs = (project: Project, out: string, concurrency: number): string[] => [
  'run',
  '--suite',
  project.suite,
  '--config',
  project.config,
  '--out',
  out,
  '--concurrency',
  String(concurrency),
  '--concurrent-local',
];

/** Throws when the harness said it lowered the concurrency asked for (the measure would be void). */
export const assertConcurrency = (stderr: string): void => {
  const line = stderr.split('\n').find((l) => l.includes('une requête à la fois'));
  if (line) throw new Error(`le harnais a réduit la concurrence demandée : ${line}`);
};

/** A fresh output folder per run (`…/rK/runs`), so each run writes its observatory index from scratch. */
export const freshOut = (project: Project, k: number): string => {
  const out = join(project.dir, `r${k}`, 'runs');
  mkdirSync(out, { recursive: true });
  return out;
};
