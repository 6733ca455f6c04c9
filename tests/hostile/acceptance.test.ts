/**
 * Acceptance of the sovereignty promise on the project's own suites, measured on what loopback
 * servers received:
 * - every suite classified `personnel`, run against a « foreign cloud » (an OpenAI-compatible
 *   server on 127.0.0.1 declared `foreign-cloud`): 0 requests;
 * - the `sensible` suites against a « sovereign cloud », and the `personnel` ones against the
 *   city's servers (`on-prem`): 0 personal values in clear in the received bodies, scanned with
 *   the PII detectors and with the raw values found in the cases themselves.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssertionChecker } from '../../harness/commands/scorer-checker.js';
import { findSuiteFiles } from '../../harness/commands/context.js';
import type { Suite } from '../../harness/core/types.js';
import { judgeScorers } from '../../harness/scorers/judge/scorers.js';
import { noPiiScorer } from '../../harness/scorers/no-pii.js';
import { coreScorers } from '../../harness/scorers/registry.js';
import { structuredScorers } from '../../harness/scorers/registry-structured.js';
import { translationScorers } from '../../harness/scorers/registry-translation.js';
import { detectPii } from '../../harness/sovereignty/detect.js';
import { loadSuite } from '../../harness/suites/load-suite.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { startOpenAIServer, type ChatRequestBody, type OpenAIServer } from '../helpers/openai-server.js';

const checker = createAssertionChecker({ ...coreScorers, ...translationScorers, ...structuredScorers, ...judgeScorers, 'no-pii': noPiiScorer });

const projectSuites = (): Suite[] =>
  findSuiteFiles(join(REPO_ROOT, 'suites')).flatMap((file) => {
    const loaded = loadSuite(file, { projectRoot: REPO_ROOT, scorers: checker });
    return loaded.ok ? [loaded.value] : [];
  });

const isPersonnel = (s: Suite) => s.classification === 'personnel';
const isSensible = (s: Suite) => s.classification === 'sensible';

/** Every string of a case that can reach a request. */
const caseTexts = (s: Suite): string[] =>
  s.cases.flatMap((c) => [...JSON.stringify(c.vars).match(/"(?:[^"\\]|\\.)*"/g)!.map((q) => JSON.parse(q) as string), ...(c.reference === undefined ? [] : [c.reference])]);

const messagesOf = (server: OpenAIServer): string[] =>
  server.requests.filter((q) => q.path.endsWith('/chat/completions')).flatMap((q) => (q.body as ChatRequestBody).messages.map((m) => m.content));

describe('acceptance: the project’s suites against loopback clouds', () => {
  let foreign: OpenAIServer;
  let sovereign: OpenAIServer;
  let onPrem: OpenAIServer;
  let dir: string;
  let suites: Suite[];
  beforeAll(async () => {
    foreign = await startOpenAIServer({ respond: () => 'réponse' });
    sovereign = await startOpenAIServer({ respond: () => 'réponse' });
    onPrem = await startOpenAIServer({ respond: () => 'réponse' });
    dir = mkdtempSync(join(tmpdir(), 'bas-acceptance-'));
    writeFileSync(
      join(dir, 'config.yaml'),
      `models:
  - { id: cloud-etranger, provider: openai-compatible, baseUrl: "${foreign.url}", model: m, hosting: foreign-cloud, concurrency: 4 }
  - { id: cloud-souverain, provider: openai-compatible, baseUrl: "${sovereign.url}", model: m, hosting: sovereign-cloud, concurrency: 4 }
  - { id: serveurs-ville, provider: openai-compatible, baseUrl: "${onPrem.url}", model: m, hosting: on-prem, concurrency: 4 }
`,
    );
    suites = projectSuites();
  });
  afterAll(async () => {
    await foreign.close();
    await sovereign.close();
    await onPrem.close();
  });

  it('sends nothing of the personnel suites to a foreign cloud', async () => {
    const personnel = suites.filter(isPersonnel);
    expect(personnel.length).toBeGreaterThan(0);
    const args = personnel.flatMap((s) => ['--suite', s.file]);
    const r = await runCli(['run', ...args, '--config', join(dir, 'config.yaml'), '--model', 'cloud-etranger', '--out', join(dir, 'o-foreign')], { cwd: REPO_ROOT, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(foreign.requests).toHaveLength(0);
  }, 180_000);

  const scan = async (picked: Suite[], model: string, server: OpenAIServer, out: string) => {
    const r = await runCli(['run', ...picked.flatMap((s) => ['--suite', s.file]), '--config', join(dir, 'config.yaml'), '--model', model, '--out', join(dir, out)], { cwd: REPO_ROOT, timeoutMs: 300_000 });
    expect(r.code, r.stderr).toBe(0);
    const received = messagesOf(server);
    expect(received.length).toBeGreaterThan(0);
    // 1. The detectors find nothing in what was received.
    const found = received.flatMap((t) => detectPii(t).map((s) => `${s.kind}: ${s.text}`));
    expect(found).toEqual([]);
    // 2. No personal value of the cases themselves, as written, is in what was received.
    const raw = [...new Set(picked.flatMap(caseTexts).flatMap((t) => detectPii(t).map((s) => s.text)))];
    const wire = received.join('\n');
    expect(raw.filter((v) => wire.includes(v))).toEqual([]);
    return raw.length;
  };

  it('masks every personal value of the sensible suites sent to a sovereign cloud', async () => {
    const sensible = suites.filter(isSensible);
    // The project has no `sensible` suite today: nothing to send, nothing to measure.
    if (sensible.length === 0) return;
    await scan(sensible, 'cloud-souverain', sovereign, 'o-sovereign');
  }, 400_000);

  it('masks every personal value of the personnel suites sent to the city’s servers', async () => {
    const values = await scan(suites.filter(isPersonnel), 'serveurs-ville', onPrem, 'o-onprem');
    expect(values).toBeGreaterThan(0); // the suites do hold personal values: the scan measured something
  }, 400_000);
});
