/**
 * Masked previews of detected values, for reasons and reports: enough to tell which kind of value
 * and roughly which one, never enough to read it back (« e-mail j***@… », « téléphone 06… »).
 */
import { PII_LABELS_FR, type PiiSpan } from './pii/types.js';

/** The masked value alone. */
export const maskValue = (span: Pick<PiiSpan, 'kind' | 'text'>): string => {
  const text = span.text.trim();
  const first = Array.from(text)[0] ?? '';
  if (span.kind === 'email') return `${first}***@…`;
  if (span.kind === 'name') return `${first}.`;
  // Two characters: the operator prefix of a phone, the country of an IBAN, a house number's start.
  return `${Array.from(text.replace(/[ \u00A0\u202F]/g, '')).slice(0, 2).join('')}…`;
};

/** « e-mail j***@… »: the French kind label, then the masked value. */
export const describeMasked = (span: Pick<PiiSpan, 'kind' | 'text'>): string => `${PII_LABELS_FR[span.kind]} ${maskValue(span)}`;
