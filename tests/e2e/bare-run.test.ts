/**
 * The README's main command on the embedded default: no key, no server, no network. Every suite ×
 * default model runs; the reference baseline calibrates the scorers (it should pass nearly all).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../harness/core/types.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const hasApertium = (() => {
  try {
    execFileSync('apertium', ['-l'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('bare run', () => {
  it('runs every suite on the embedded default models, offline, and prints the run folder', { timeout: 620_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'bas-bare-'));
    const r = await runCli(['run', '--out', out], {
      cwd: REPO_ROOT,
      env: { NODE_OPTIONS: `--require ${resolve(REPO_ROOT, 'tests', 'helpers', 'no-network.cjs')}` },
      timeoutMs: 600_000,
    });
    expect(r.stderr).not.toContain('no-network');
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    const [runId] = readdirSync(out);
    expect(r.stdout).toContain(join(out, runId!));
    const summary = JSON.parse(readFileSync(join(out, runId!, 'summary.json'), 'utf8')) as RunSummary;
    const models = new Set(summary.cells.map((c) => c.model));
    expect(models).toContain('reference');
    expect(models).toContain('echo');
    expect(models).toContain('stories260K');
    if (hasApertium || process.env.CI) expect(models).toContain('apertium-fr-es');
    for (const cell of summary.cells.filter((c) => c.model === 'reference')) {
      expect(cell.passRate, `reference on ${cell.suite}`).toBeGreaterThanOrEqual(0.9);
    }
    for (const cell of summary.cells.filter((c) => c.model === 'stories260K')) {
      expect(cell.errors, `stories260K errors on ${cell.suite}`).toBe(0);
    }
    // Issue 16 acceptance: no 0 % model crowned, calibration baselines in no verdict and no total.
    const { verdicts, totals } = summary as unknown as { verdicts: import('../../harness/stats/verdict-types.js').Verdicts; totals: RunSummary['totals'] };
    expect(verdicts.calibration.models).toEqual(['echo', 'reference']);
    expect(JSON.stringify([verdicts.suites, verdicts.communities])).not.toMatch(/"(reference|echo)"/);
    expect(totals.n).toBe(summary.cells.filter((c) => !['reference', 'echo'].includes(c.model)).reduce((s, c) => s + c.n, 0));
    for (const v of verdicts.suites) {
      for (const m of v.models.filter((x) => x.passRate === 0)) expect(v.goodEnough, `${m.model} on ${v.suite}`).not.toContain(m.model);
    }
    for (const c of verdicts.communities) if (c.model) expect(verdicts.suites.filter((v) => v.community === c.community).every((v) => v.goodEnough.includes(c.model!))).toBe(true);
  });
});
