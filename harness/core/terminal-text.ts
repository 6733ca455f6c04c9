/**
 * Text made safe for a terminal. Case ids, suite titles, model ids, model outputs and server error
 * bodies are written by other people; printed raw, their control sequences act on the operator's
 * terminal: `ESC [2K` and `\r` erase a line (a ⛔ refusal disappears), `ESC ]52;c;…` writes the
 * clipboard (OSC 52), `ESC ]8;;…` hides a link, bidi overrides reorder what is read.
 *
 * Sequences are recognised after ECMA-48 (5th ed., §5.3–5.6: CSI, control strings, escape
 * sequences) and removed whole, so their payload (an OSC 52 clipboard text) is not printed either.
 * Whatever is left of a C0 or C1 control (an unterminated or split sequence) is then dropped, so no
 * ESC, BEL or CSI byte can survive, whichever way a sequence was cut.
 */

/** CSI (7- and 8-bit): parameters, intermediates, one final byte. */
const CSI = String.raw`(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]`;
/** Control strings (OSC, DCS, SOS, PM, APC), up to BEL or ST; only when terminated. */
const CONTROL_STRING = String.raw`(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c)`;
/** Any other escape sequence: intermediates, then a final byte. */
const ESCAPE = String.raw`\x1b[ -/]*[0-~]`;
const SEQUENCE = new RegExp(`${CONTROL_STRING}|${CSI}|${ESCAPE}`, 'g');

/** C0 except tab and line feed, DEL, C1; bidi embeddings, overrides and isolates (« Trojan Source »). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` without control sequences or control characters; tabs and line feeds are kept. */
export const stripControls = (text: string): string => text.replace(SEQUENCE, '').replace(CONTROL, '');

/** For a value printed inside a line (an id, a model name): controls removed, tabs and line feeds as spaces. */
export const oneLine = (text: string): string => stripControls(text).replace(/[\t\n]/g, ' ');
