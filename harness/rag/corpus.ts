/**
 * A RAG corpus: a folder of Markdown or text files cut into passages, one per `##`/`###` section
 * plus the file's introduction. Passage ids are stable, `<file-stem>#<slug-of-heading>` (or the
 * heading's own `{#custom-id}`), so gold ids written in suites survive edits elsewhere in the file.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { HarnessError } from '../core/errors.js';
import type { Issue, Loaded } from '../core/errors.js';

export type Passage = {
  /** `reglement-interieur#horaires`: what suites name as gold and answers cite as `[id]`. */
  id: string;
  /** The section heading, or the file's `#` title for the introduction (null if none). */
  title: string | null;
  /** The title (heading without its marks) on its own line, then the body: what the model reads. */
  text: string;
  /** File name inside the corpus folder, and the 1-based line where the passage starts. */
  file: string;
  line: number;
};

/** Files read from a corpus folder. */
export const CORPUS_EXTENSIONS = ['.md', '.markdown', '.txt'] as const;

/** `Congés & absences (2026)` → `conges-absences-2026`. */
export const slugify = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

const SECTION = /^(#{2,3})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const TITLE = /^#[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const CUSTOM_ID = /[ \t]*\{#([\p{L}\p{N}_.:-]+)\}$/u;
const FENCE = /^[ \t]*(```|~~~)/;

type Draft = { slug: string; title: string | null; line: number; body: string[] };

const stemOf = (name: string): string => path.basename(name, path.extname(name));

/**
 * Cuts one file into passages. Headings inside code fences are text. A section whose body is empty
 * (a `##` directly followed by a `###`) gives no passage; neither does an empty introduction.
 * Two sections with the same id are reported (the second is left out).
 */
export const parseCorpusFile = (name: string, text: string): { passages: Passage[]; issues: Issue[] } => {
  const stem = stemOf(name);
  const drafts: Draft[] = [{ slug: 'intro', title: null, line: 1, body: [] }];
  let inFence = false;
  text.normalize('NFC').split(/\r?\n/).forEach((raw, i) => {
    const current = drafts[drafts.length - 1]!;
    if (FENCE.test(raw)) inFence = !inFence;
    const section = inFence ? null : SECTION.exec(raw);
    if (section) {
      const heading = section[2] ?? '';
      const custom = CUSTOM_ID.exec(heading);
      const title = custom ? heading.slice(0, custom.index) : heading;
      drafts.push({ slug: custom?.[1] ?? (slugify(title) || 'section'), title, line: i + 1, body: [] });
      return;
    }
    const docTitle = !inFence && drafts.length === 1 ? TITLE.exec(raw) : null;
    if (docTitle && current.title === null) current.title = docTitle[1] ?? null;
    else current.body.push(raw);
  });
  const passages: Passage[] = [];
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  for (const draft of drafts) {
    const body = draft.body.join('\n').trim();
    if (body === '') continue;
    const id = `${stem}#${draft.slug}`;
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push({ at: { file: name, line: draft.line }, path: '', message: `identifiant de passage en double « ${id} » (déjà ligne ${first})`, hint: 'renommez la section ou donnez-lui un identifiant : ## Titre {#autre-id}' });
      continue;
    }
    seen.set(id, draft.line);
    passages.push({ id, title: draft.title, text: draft.title ? `${draft.title}\n${body}` : body, file: name, line: draft.line });
  }
  return { passages, issues };
};

/**
 * Reads every Markdown/text file of `dir` (not its sub-folders), in name order, and collects the
 * problems of all of them: duplicate ids within a file or across files with the same stem.
 */
export const loadCorpus = async (dir: string): Promise<Loaded<Passage[]>> => {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && (CORPUS_EXTENSIONS as readonly string[]).includes(path.extname(e.name).toLowerCase()))
      .map((e) => e.name)
      .sort();
  } catch (e) {
    throw new HarnessError('invalid-input', `corpus introuvable : ${dir}`, { hint: 'corpus est un dossier relatif à la racine du projet', cause: e });
  }
  if (names.length === 0) {
    return { ok: false, issues: [{ at: { file: dir, line: 1 }, path: '', message: 'corpus vide : aucun fichier .md, .markdown ou .txt', hint: 'ajoutez des fichiers Markdown au dossier du corpus' }] };
  }
  const passages: Passage[] = [];
  const issues: Issue[] = [];
  const where = new Map<string, Passage>();
  for (const name of names) {
    const parsed = parseCorpusFile(name, await readFile(path.join(dir, name), 'utf8'));
    issues.push(...parsed.issues.map((issue) => ({ ...issue, at: { ...issue.at, file: path.join(dir, name) } })));
    for (const p of parsed.passages) {
      const first = where.get(p.id);
      if (first) {
        issues.push({ at: { file: path.join(dir, name), line: p.line }, path: '', message: `identifiant de passage en double « ${p.id} » (déjà dans ${first.file}:${first.line})`, hint: 'deux fichiers du corpus ont le même nom sans extension' });
        continue;
      }
      where.set(p.id, p);
      passages.push(p);
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: passages };
};
