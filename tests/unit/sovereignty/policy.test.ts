import { describe, expect, it } from 'vitest';
import { HOSTING_LABELS } from '../../../harness/core/labels.js';
import { CLASSIFICATIONS, HOSTINGS, type Classification, type Hosting } from '../../../harness/core/types.js';
import { admit, isAllowed, parseOverride, resolvePolicy } from '../../../harness/sovereignty/policy.js';

/** The administration's rule, written out as a matrix: classification → hostings allowed. */
const EXPECTED: Record<Classification, Hosting[]> = {
  personnel: ['local', 'on-prem'],
  sensible: ['local', 'on-prem', 'sovereign-cloud'],
  interne: ['local', 'on-prem', 'sovereign-cloud', 'eu-cloud'],
  public: ['local', 'on-prem', 'sovereign-cloud', 'eu-cloud', 'foreign-cloud'],
};

describe('hosting policy', () => {
  const policy = resolvePolicy(undefined);
  for (const c of CLASSIFICATIONS) {
    for (const h of HOSTINGS) {
      it(`${c} → ${h}: ${EXPECTED[c].includes(h) ? 'allowed' : 'refused'} by default`, () => {
        expect(isAllowed(policy, c, h)).toBe(EXPECTED[c].includes(h));
      });
    }
  }

  it('is configurable per classification and stays closed for what is not listed', () => {
    const strict = resolvePolicy({ interne: ['local'] });
    expect(isAllowed(strict, 'interne', 'eu-cloud')).toBe(false);
    expect(isAllowed(strict, 'interne', 'local')).toBe(true);
    expect(isAllowed(resolvePolicy({ personnel: [] }), 'personnel', 'local')).toBe(false);
  });

  it('admits per case: a personnel case inside a public suite is kept from a foreign cloud', () => {
    const suites = [{ id: 's', community: 'c', classification: 'public' as const, cases: [{ id: 'a' }, { id: 'b', classification: 'personnel' as const }] }];
    const models = [{ id: 'cloud', hosting: 'foreign-cloud' as const }, { id: 'maison', hosting: 'on-prem' as const }];
    const a = admit(policy, suites, models, [], HOSTING_LABELS);
    expect(a.accepts('cloud', 's', 'a')).toBe(true);
    expect(a.accepts('cloud', 's', 'b')).toBe(false);
    expect(a.accepts('maison', 's', 'b')).toBe(true);
    expect(a.refusals).toEqual([expect.objectContaining({ suite: 's', model: 'cloud', classification: 'personnel', cases: 1, reason: expect.stringContaining('Cloud hors UE') })]);
    const overridden = admit(policy, suites, models, [{ suite: 's', model: 'cloud' }], HOSTING_LABELS);
    expect(overridden.accepts('cloud', 's', 'b')).toBe(true);
  });

  it('reads --allow-egress SUITE:MODEL', () => {
    expect(parseOverride('rh:mistral-small')).toEqual({ suite: 'rh', model: 'mistral-small' });
    expect(parseOverride('ollama:qwen2.5:3b')).toEqual({ suite: 'ollama', model: 'qwen2.5:3b' });
    expect(parseOverride('sans-deux-points')).toBeUndefined();
  });
});
