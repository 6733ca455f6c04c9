import { describe, expect, it } from 'vitest';
import { CLASSIFICATION_LABELS, HOSTING_LABELS } from '../../../harness/core/labels.js';
import { CLASSIFICATIONS, HOSTINGS } from '../../../harness/core/types.js';
import { CLASSIFICATION_DESCRIPTIONS_FR, HOSTING_DESCRIPTIONS_FR } from '../../../harness/sovereignty/descriptions.js';

describe('French descriptions', () => {
  it('describe every classification and hosting with the product labels', () => {
    for (const c of CLASSIFICATIONS) {
      expect(CLASSIFICATION_DESCRIPTIONS_FR[c].label).toBe(CLASSIFICATION_LABELS[c]);
      expect(CLASSIFICATION_DESCRIPTIONS_FR[c].description.length).toBeGreaterThan(80);
    }
    for (const h of HOSTINGS) {
      expect(HOSTING_DESCRIPTIONS_FR[h].label).toBe(HOSTING_LABELS[h]);
      expect(HOSTING_DESCRIPTIONS_FR[h].description).toMatch(/\.$/);
    }
    expect(CLASSIFICATION_DESCRIPTIONS_FR.personnel.description).toMatch(/RGPD/);
    expect(CLASSIFICATION_DESCRIPTIONS_FR.sensible.description).toMatch(/marchés publics.*sécurité.*contentieux/);
  });
});
