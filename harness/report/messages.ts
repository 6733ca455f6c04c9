/**
 * Every word of the report comes from `messages/<lang>.json`: flat keys, `{name}` placeholders,
 * plural forms as `key_one` / `key_other` chosen by Intl.PluralRules for the language.
 */
import en from './messages/en.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };
import type { Lang } from './format.js';

export type MessageKey = keyof typeof fr;
export type Messages = Record<MessageKey, string>;

// `satisfies` makes a key missing from en.json a type error; the unit test also checks extra keys.
export const MESSAGES: Record<Lang, Messages> = { fr, en: en satisfies Messages };

type Params = Record<string, string | number>;

const fill = (text: string, params: Params): string =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

export const createTranslator = (lang: Lang, messages: Messages = MESSAGES[lang]) => {
  const plural = new Intl.PluralRules(lang === 'fr' ? 'fr-FR' : 'en-GB');
  const table = messages as Record<string, string>;
  return {
    lang,
    t: (key: MessageKey, params: Params = {}): string => fill(messages[key], params),
    /** `key_one` or `key_other` by `count`; `count` is also a placeholder. */
    n: (key: string, count: number, params: Params = {}): string => {
      const form = plural.select(count) === 'one' ? 'one' : 'other';
      const text = table[`${key}_${form}`] ?? table[`${key}_other`];
      if (text === undefined) throw new Error(`message absent : ${key}_${form}`);
      return fill(text, { count, ...params });
    },
    /** For keys built from data (a method id, a hosting class): null when there is no message. */
    maybe: (key: string, params: Params = {}): string | null => {
      const text = table[key];
      return text === undefined ? null : fill(text, params);
    },
    /** For templates: any key, throwing on an unknown one so a typo never renders silently. */
    label: (key: string, params: Params = {}): string => {
      const text = table[key];
      if (text === undefined) throw new Error(`message absent : ${key}`);
      return fill(text, params);
    },
  };
};

export type Translator = ReturnType<typeof createTranslator>;
