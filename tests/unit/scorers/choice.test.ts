import { describe, expect, it } from 'vitest';
import { compileAssertion } from '../../../harness/scorers/evaluate.js';
import { pickCandidate } from '../../../harness/scorers/choice.js';
import { coreScorers } from '../../../harness/scorers/registry.js';

const score = async (output: string, reference: string | undefined, value: unknown) => {
  const c = compileAssertion(coreScorers, { type: 'choice', value });
  if (!c.ok) throw new Error(JSON.stringify(c.problems));
  return c.scorer(output, { vars: {}, prompt: '', latencyMs: null, ...(reference === undefined ? {} : { reference }) });
};

describe('choice', () => {
  it('accepts the right candidate, exactly or named alone in a sentence', async () => {
    expect(await score('park.', ' park.', [' spaceship.', ' park.'])).toMatchObject({ value: 1, pass: true });
    expect(await score('La réponse est B.', 'B', ['A', 'B', 'C'])).toMatchObject({ value: 1, pass: true });
    expect(await score('Congés', 'congés', 'congés, paie, informatique')).toMatchObject({ pass: true });
  });

  it('fails a wrong or ambiguous answer, and says when there is no expected answer', async () => {
    expect(await score('spaceship', ' park.', [' spaceship.', ' park.'])).toMatchObject({ value: 0, pass: false });
    expect(await score('paie ou congés', 'congés', ['congés', 'paie'])).toMatchObject({ value: 0, pass: false });
    expect(await score('park', undefined, ['park', 'sea'])).toMatchObject({ value: null, pass: false });
  });

  it('needs at least two candidates', () => {
    expect(compileAssertion(coreScorers, { type: 'choice', value: ['seul'] }).ok).toBe(false);
    expect(pickCandidate('  Park ! ', ['park', 'sea'])).toBe('park');
  });
});
