/** `regex`: the output matches a regular expression (JavaScript syntax). */
import { z } from 'zod';
import type { ScorerDefinition } from './types.js';
import { quote } from './normalize.js';

/** Builds the RegExp, or says in French why it cannot be built. */
const tryRegExp = (pattern: string, flags: string): { ok: true; regex: RegExp } | { ok: false; message: string } => {
  try {
    return { ok: true, regex: new RegExp(pattern, flags) };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, message: `expression régulière invalide : ${detail}` };
  }
};

const FLAGS = /^[dgimsuvy]*$/;

const RegexArgs = z
  .strictObject({
    value: z.string().min(1),
    flags: z.string().regex(FLAGS, { message: 'drapeaux admis : d, g, i, m, s, u, v, y' }).optional(),
  })
  .superRefine((args, ctx) => {
    if (typeof args.value !== 'string') return;
    const plain = tryRegExp(args.value, '');
    if (!plain.ok) return ctx.addIssue({ code: 'custom', path: ['value'], message: plain.message, input: args.value });
    // Known letters can still clash (repeated, or u with v): say so on `flags`, not on the pattern.
    if (args.flags && FLAGS.test(args.flags) && !tryRegExp(args.value, args.flags).ok) {
      ctx.addIssue({ code: 'custom', path: ['flags'], message: `drapeaux incompatibles : « ${args.flags} »`, input: args.flags });
    }
  });

export const regexScorer: ScorerDefinition<typeof RegexArgs> = {
  description: 'la sortie correspond à une expression régulière (option flags, ex. « i »)',
  args: RegexArgs,
  negatable: true,
  create: (args) => {
    const shown = `/${args.value}/${args.flags ?? ''}`;
    return (output) => {
      // A fresh RegExp per call: with the g or y flag, `exec` keeps state (lastIndex) between calls.
      const built = tryRegExp(args.value, args.flags ?? '');
      if (!built.ok) return { type: 'regex', value: null, pass: false, reason: built.message };
      const match = built.regex.exec(output);
      return match
        ? { type: 'regex', value: 1, pass: true, reason: `correspond à ${shown} : ${quote(match[0], 40)}` }
        : { type: 'regex', value: 0, pass: false, reason: `ne correspond pas à ${shown}` };
    };
  },
};
