/**
 * Whitespace handling shared by the sacreBLEU-compatible metrics, and the `13a` tokenizer of BLEU.
 * Source of the rules: sacreBLEU 2.x, `sacrebleu/tokenizers/tokenizer_13a.py` and
 * `tokenizer_re.py` (itself a port of mteval-v13a.pl, the WMT scoring script).
 */

/**
 * The characters Python's `str.split()` (no argument) splits on: `str.isspace()`, i.e. Unicode
 * Zs plus the bidi classes WS, B and S. JavaScript's `\s` differs (it has U+FEFF, lacks
 * U+001C–U+001F and U+0085), and sacreBLEU's token counts depend on this set.
 */
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE_RUN = new RegExp(`[${PY_SPACE}]+`, 'u');
const TRAILING_SPACE = new RegExp(`[${PY_SPACE}]+$`, 'u');

/** Python's `text.split()`: the non-empty runs between whitespace. */
export const splitWords = (text: string): string[] => text.split(SPACE_RUN).filter((w) => w !== '');

/** Python's `text.rstrip()`. */
export const rstrip = (text: string): string => text.replace(TRAILING_SPACE, '');

// mteval-v13a's « language-dependent part (assuming Western languages) »: every ASCII symbol in
// { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ / becomes a token of its own…
const SYMBOLS = /([{-~[-` -&(-+:-@/])/gu;
// …period and comma are split off unless they sit inside a number (« 3.5 », « 1,000 »)…
const DOT_AFTER_NON_DIGIT = /([^0-9])([.,])/gu;
const DOT_BEFORE_NON_DIGIT = /([.,])([^0-9])/gu;
// …and a dash after a digit is split off (« 1990-2000 » → « 1990 - 2000 »).
const DASH_AFTER_DIGIT = /([0-9])(-)/gu;

/**
 * The `13a` tokenizer, sacreBLEU's default for BLEU: returns the tokens joined by single spaces.
 * Replacements run in the same order as sacreBLEU so that overlapping cases agree.
 */
export const tokenize13a = (line: string): string => {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) {
    text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  text = ` ${text} `
    .replace(SYMBOLS, ' $1 ')
    .replace(DOT_AFTER_NON_DIGIT, '$1 $2 ')
    .replace(DOT_BEFORE_NON_DIGIT, ' $1 $2')
    .replace(DASH_AFTER_DIGIT, '$1 $2 ');
  return splitWords(text).join(' ');
};
