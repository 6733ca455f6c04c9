/**
 * promptfoo prompts → bac-à-sable prompt fields. promptfoo renders Nunjucks; bac-à-sable renders
 * Handlebars. Plain `{{ var }}` and `{{ var.field }}` mean the same in both and are kept; filters,
 * `{% … %}` tags (loops, conditionals) and comments have no Handlebars twin and are reported.
 */
import { extname } from 'node:path';
import Handlebars from 'handlebars';
import { isFileRef, resolveRef } from './file-refs.js';
import type { ImportReport } from './report.js';
import { readText, shownPath } from './source-file.js';

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

/** One prompt, ready to become a suite. */
export type MappedPrompt = {
  /** Name for the suite id (label, id, file name or position). */
  name: string;
  prompt?: string;
  messages?: ChatMessage[];
  line: number;
};

type At = { file: string; line: number };

const VAR_ONLY = /^\s*[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*\s*$/;

/**
 * Rewrites a Nunjucks template for Handlebars, reporting each construct that does not carry over.
 * Filters are removed (the bare var stays), tags and comments are left as literal text.
 */
export const nunjucksToHandlebars = (template: string, at: At, report: ImportReport, what: string): string => {
  let approximated = false;
  const out = template.replace(/\{\{-?([\s\S]*?)-?\}\}/g, (whole, inner: string) => {
    if (VAR_ONLY.test(inner)) return `{{${inner.trim()}}}`;
    const filtered = /^\s*([A-Za-z_][\w.]*)\s*\|/.exec(inner);
    if (filtered) {
      report.add({ status: 'approximated', ...at, what: `${what} : ${whole}`, note: `filtre Nunjucks sans équivalent Handlebars : la variable {{${filtered[1]}}} est insérée telle quelle` });
      approximated = true;
      return `{{${filtered[1]}}}`;
    }
    report.add({ status: 'approximated', ...at, what: `${what} : ${whole}`, note: 'expression Nunjucks sans équivalent : laissée en texte littéral' });
    approximated = true;
    return `\\${whole}`;
  });
  for (const tag of template.match(/\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g) ?? []) {
    report.add({ status: 'approximated', ...at, what: `${what} : ${tag}`, note: 'balise Nunjucks (boucle, condition, commentaire) sans équivalent : laissée en texte littéral, à réécrire en Handlebars' });
    approximated = true;
  }
  try {
    Handlebars.parse(out);
  } catch {
    report.add({ status: 'approximated', ...at, what, note: 'gabarit illisible par Handlebars après conversion : à vérifier à la main' });
    approximated = true;
  }
  if (!approximated) report.add({ status: 'mapped', ...at, what, note: 'gabarit repris ({{variable}} identiques)' });
  return out;
};

const ROLES = new Set(['system', 'user', 'assistant']);

/** promptfoo's chat format: a JSON array of `{role, content}`; undefined when the text is not one. */
const asChat = (text: string): ChatMessage[] | undefined => {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
    const ok = parsed.every((m) => m && typeof m === 'object' && ROLES.has((m as { role?: unknown }).role as string) && typeof (m as { content?: unknown }).content === 'string');
    return ok ? (parsed as ChatMessage[]) : undefined;
  } catch {
    return undefined;
  }
};

const fromText = (text: string, name: string, at: At, report: ImportReport): MappedPrompt => {
  const chat = asChat(text);
  if (chat) {
    return { name, line: at.line, messages: chat.map((m, i) => ({ role: m.role, content: nunjucksToHandlebars(m.content, at, report, `consigne « ${name} », message ${i + 1} (${m.role})`) })) };
  }
  return { name, line: at.line, prompt: nunjucksToHandlebars(text, at, report, `consigne « ${name} »`) };
};

/** promptfoo splits a prompt file on lines made of `---` into several prompts. */
const SEPARATOR = /\r?\n-{3,}\r?\n/;

/**
 * Maps one entry of `prompts:` (a string, a `file://` reference or `{ id, label, raw }`).
 * @returns the prompts it holds (a file may hold several), none when dropped (reported).
 */
export const mapPromptEntry = (entry: unknown, index: number, at: At, ctx: { configDir: string; root: string }, report: ImportReport): MappedPrompt[] => {
  const obj = entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? (entry as Record<string, unknown>) : undefined;
  const raw = obj ? (obj.raw ?? obj.id) : entry;
  const label = obj && typeof obj.label === 'string' ? obj.label : undefined;
  if (typeof raw !== 'string') {
    report.add({ status: 'dropped', ...at, what: `consigne n° ${index + 1}`, note: 'forme non reconnue (texte, file:// ou { raw, label } attendus)' });
    return [];
  }
  if (!isFileRef(raw)) return [fromText(raw, label ?? (obj && typeof obj.id === 'string' && obj.raw !== undefined ? obj.id : `consigne-${index + 1}`), at, report)];
  const file = resolveRef(raw, ctx.configDir, ctx.root, `${at.file}:${at.line}`);
  const ext = extname(file).toLowerCase();
  const shown = shownPath(file, ctx.root);
  if (!['.txt', '.md', '.json', '.j2', '.njk', ''].includes(ext)) {
    report.add({ status: 'dropped', ...at, what: `consigne ${raw}`, note: 'consigne produite par un programme (.js, .py…) : non importée, écrivez-la en texte' });
    return [];
  }
  const text = readText(file, ctx.root);
  const base = label ?? shown.replace(/\.[^.]+$/, '');
  const parts = ext === '.json' ? [text] : text.split(SEPARATOR);
  return parts.map((part, i) => fromText(part, parts.length > 1 ? `${base}-${i + 1}` : base, { file: shown, line: 1 }, report));
};
