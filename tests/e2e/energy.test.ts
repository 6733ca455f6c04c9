/**
 * Energy through the real CLI on this machine (no RAPL, no GPU): every local case gets a non-null,
 * estimated, labelled reading; remote models get an EcoLogits estimate, or null with the reason
 * when their size is unknown; emissions.csv has CodeCarbon's 38 columns in order.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMISSIONS_COLUMNS } from '../../harness/energy/emissions-row.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const hasApertium = (() => {
  try {
    execFileSync('apertium', ['-l'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasApertium && !process.env.CI)('energy of a run', () => {
  let server: OpenAIServer;
  let runDir: string;
  let lines: { model: string; energy?: { joules: number | null; method: string; measured: boolean; band?: [number, number]; reason?: string; co2eG?: number } }[];
  beforeAll(async () => {
    server = await startOpenAIServer({ respond: () => ({ text: 'La biblioteca está abierta.', usage: { promptTokens: 20, completionTokens: 500 } }) });
    const dir = mkdtempSync(join(tmpdir(), 'bas-energy-'));
    writeFileSync(join(dir, 'suite.yaml'), 'id: energie\ntitle: Énergie\ncommunity: traduction\nclassification: public\nprompt: "Traduis : {{texte}}"\noptions: { temperature: 0, maxTokens: 16 }\ntests:\n  - { vars: { texte: "La bibliothèque est ouverte." }, reference: "La biblioteca está abierta." }\n  - { vars: { texte: "La piscine est fermée." }, reference: "La piscina está cerrada." }\n');
    writeFileSync(
      join(dir, 'config.yaml'),
      `models:
  - { id: stories, provider: gguf, model: stories260K, hosting: local }
  - { id: apertium, provider: command, command: apertium, args: [fr-es], input: "{{vars.texte}}", hosting: local }
  - { id: mistral-small, provider: openai-compatible, baseUrl: "${server.url}", model: mistral-small-latest, hosting: eu-cloud }
  - { id: inconnu, provider: openai-compatible, baseUrl: "${server.url}", model: modele-maison-v3, hosting: on-prem }
`,
    );
    const r = await runInProcess(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--out', 'runs'], dir, { BAC_A_SABLE_MODELS_PATH: resolve(REPO_ROOT, '..', 'shared', 'models'), PATH: process.env.PATH ?? '/usr/bin:/bin' });
    expect(r.code, r.stderr).toBe(0);
    runDir = join(dir, 'runs', readdirSync(join(dir, 'runs'))[0]!);
    lines = readFileSync(join(runDir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  });
  afterAll(() => server.close());

  it('labels every local case as estimated, with its method and band, never as measured', () => {
    const local = lines.filter((x) => x.model === 'stories' || x.model === 'apertium');
    expect(local).toHaveLength(4);
    for (const l of local) {
      expect(l.energy!.joules).toBeGreaterThan(0);
      expect(l.energy!.measured).toBe(false);
      expect(l.energy!.method).toBe('cpu-time-share+ram-dimm-model');
      expect(l.energy!.band![0]).toBeLessThan(l.energy!.joules!);
      expect(l.energy!.band![1]).toBeGreaterThan(l.energy!.joules!);
      expect(l.energy!.co2eG).toBeGreaterThan(0);
    }
  });

  it('estimates remote requests with EcoLogits, and says why when the size is unknown', () => {
    const mistral = lines.find((l) => l.model === 'mistral-small')!.energy!;
    expect(mistral).toMatchObject({ method: 'ecologits-0.9.1', measured: false });
    expect(mistral.joules).toBeGreaterThan(0);
    const unknown = lines.find((l) => l.model === 'inconnu')!.energy!;
    expect(unknown).toMatchObject({ joules: null, reason: 'model-size-unknown' });
  });

  it('writes summary figures, emissions.csv with the 38 CodeCarbon columns, and energy_report.json', () => {
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    const cell = summary.cells.find((c: { model: string }) => c.model === 'apertium');
    expect(cell.energy).toMatchObject({ known: 2, measured: false, methods: ['cpu-time-share+ram-dimm-model'] });
    expect(cell.energy.whPerCase).toBeGreaterThan(0);
    expect(cell.energy.gCo2ePerCase).toBeGreaterThan(0);
    expect(summary.cells.find((c: { model: string }) => c.model === 'inconnu').energy.whPerCase).toBeNull();
    const csv = readFileSync(join(runDir, 'emissions.csv'), 'utf8').trim().split('\n');
    expect(csv[0]!.split(',')).toEqual([...EMISSIONS_COLUMNS]);
    expect(csv[0]!.split(',')).toHaveLength(38);
    expect(csv).toHaveLength(1 + 4);
    const report = JSON.parse(readFileSync(join(runDir, 'energy_report.json'), 'utf8'));
    expect(report.cases).toHaveLength(8);
    expect(report.constants.carbonIntensityGPerKwh).toBe(56.039);
    expect(report.loadEnergy.map((w: { model: string }) => w.model).sort()).toEqual(['apertium', 'stories']);
    expect(report.loadEnergy.every((w: { loadJoules: number }) => w.loadJoules > 0)).toBe(true);
    expect(report.constants.sources.carbonIntensity).toMatch(/CodeCarbon/);
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    expect(manifest.energy.sources.processTree.map((s: { method: string }) => s.method)).toContain('cpu-time-share');
  });
});
