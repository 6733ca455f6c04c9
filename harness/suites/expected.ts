/**
 * promptfoo's `__expected` cell syntax for spreadsheets: plain text means `equals`; `type: value`
 * (or `type(threshold): value`, or a bare `type` like `is-json`) means that assertion. Unlike
 * promptfoo, a prefix that looks like a misspelt scorer is an error, never a silent `equals`.
 */
import type { Assertion } from '../core/types.js';

export type ExpectedParse =
  | { ok: true; assertion: Assertion }
  | { ok: false; message: string; hint?: string };

const PREFIX = /^(not-)?([a-z][a-z0-9-]*)(?:\((\d*\.?\d+)\))?(?::\s?([\s\S]*))?$/;

/**
 * @param isKnown whether a scorer type exists (with its `not-` form)
 * @param suggest closest known type to a misspelt one, if any
 */
export const parseExpected = (
  cell: string,
  isKnown: (type: string) => boolean,
  suggest: (type: string) => string | undefined,
): ExpectedParse => {
  const text = cell.trim();
  const match = PREFIX.exec(text);
  if (match) {
    const type = `${match[1] ?? ''}${match[2]!}`;
    const threshold = match[3] === undefined ? undefined : Number(match[3]);
    const value = match[4];
    const hasColon = value !== undefined;
    if (isKnown(type)) {
      const assertion: Assertion = { type };
      if (threshold !== undefined) assertion.threshold = threshold;
      if (hasColon && value.trim() !== '') assertion.value = value.trim();
      return { ok: true, assertion };
    }
    // `mot: texte` where `mot` is close to a scorer name is almost surely a typo: say so.
    const close = hasColon || threshold !== undefined || !text.includes(' ') ? suggest(type) : undefined;
    if (close !== undefined && (hasColon || threshold !== undefined)) {
      return {
        ok: false,
        message: `critère inconnu « ${type} »`,
        hint: `vouliez-vous dire « ${close}: … » ? Pour comparer ce texte tel quel, écrivez « equals: ${text} »`,
      };
    }
  }
  return { ok: true, assertion: { type: 'equals', value: text } };
};
