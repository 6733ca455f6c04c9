import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sanitizeBody } from '../../../harness/providers/http-errors.js';
import { createSecretScrubber } from '../../../harness/sovereignty/secrets.js';

const KEY = 'sk-Tst+9aZ/Qw3=Lp8Xr+Vb2/Nm7=Kj4Hs';

describe('secret scrubber', () => {
  const s = createSecretScrubber([KEY, undefined, 'abc']);

  it('removes the exact value, and any piece of 8 characters or more', () => {
    expect(s.scrub(`clé ${KEY} refusée`)).toBe('clé *** refusée');
    expect(s.scrub(`fin de clé ${KEY.slice(-9)}`)).toBe('fin de clé ***');
    expect(s.scrub(`début ${KEY.slice(0, 8)}…`)).toBe('début ***…');
    expect(s.scrub(`Bearer ${KEY.slice(0, 12)}…`)).toBe('Bearer ***…');
    expect(s.scrub(`trop court ${KEY.slice(-7)}`)).toBe(`trop court ${KEY.slice(-7)}`);
  });

  it('catches the tail a pattern scrub leaves after cutting the key at « + / = »', () => {
    const cut = sanitizeBody(`{"error": "Incorrect API key provided: ${KEY}"}`);
    // The pattern itself now takes the whole key, `+ / =` included…
    expect(sanitizeBody(`{"error": "clé invalide sk-${KEY.slice(3)}"}`)).not.toMatch(/Qw3=|Kj4Hs/);
    // …and whatever a pattern leaves, the scrubber takes.
    expect(s.scrub(cut)).not.toMatch(/Qw3=Lp8X|Vb2\/Nm7=|Kj4Hs/);
  });

  it('scrubs every string of a result, keys included, and leaves the rest alone', () => {
    expect(s.scrubDeep({ a: [`x ${KEY}`, 3, null], [KEY]: true, n: 1 })).toEqual({ a: ['x ***', 3, null], '***': true, n: 1 });
  });

  it('does not eat ordinary words a key happens to start with', () => {
    const m = createSecretScrubber(['mistral-e2e-key']);
    expect(m.scrub('modèle mistral-small, clé mistral-e2e-key, début mistral-e2e…')).toBe('modèle mistral-small, clé ***, début ***…');
  });

  it('ignores values too short to be told from ordinary text', () => {
    expect(s.size).toBe(1);
    expect(s.scrub('abc abc')).toBe('abc abc');
  });

  it('wraps a stream so that what is written is scrubbed', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    s.wrap(out).write(`Erreur : ${KEY}\n`);
    expect(text).toBe('Erreur : ***\n');
  });
});
