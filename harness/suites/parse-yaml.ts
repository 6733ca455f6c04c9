/**
 * YAML with positions: `parseDocument` + `LineCounter`, every syntax error collected, alias
 * expansion bounded (a "billion laughs" file is refused, not expanded).
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { Issue } from '../core/errors.js';

/** Aliases a document may expand; far above any honest suite, far below a YAML bomb. */
const MAX_ALIAS_COUNT = 100;

/** The YAML mistakes people make most, in plain French (codes of the `yaml` package). */
const YAML_ERRORS: Partial<Record<string, string>> = {
  MISSING_CHAR: 'guillemet, crochet ou accolade non refermé (l’erreur est souvent sur une ligne au-dessus)',
  TAB_AS_INDENT: 'tabulation dans l’indentation : utilisez des espaces',
  BAD_INDENT: 'indentation incorrecte',
  DUPLICATE_KEY: 'clé en double',
  BLOCK_AS_IMPLICIT_KEY: 'deux-points manquant ou valeur sur plusieurs lignes mal indentée',
  MULTILINE_IMPLICIT_KEY: 'clé sur plusieurs lignes : mettez le texte entre guillemets',
  UNEXPECTED_TOKEN: 'caractère inattendu (un « : » ou « # » dans un texte ? mettez-le entre guillemets)',
};

export type ParsedYaml = { doc: Document; lineCounter: LineCounter; value: unknown };

export const parseYaml = (text: string, file: string): { ok: true; value: ParsedYaml } | { ok: false; issues: Issue[] } => {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems = [...doc.errors];
  if (problems.length > 0) {
    return {
      ok: false,
      issues: problems.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        const first = YAML_ERRORS[e.code] ?? e.message.split('\n')[0] ?? e.message;
        return {
          at: { file, line: pos.line, column: pos.col },
          path: '',
          message: `erreur de syntaxe YAML : ${first}`,
          hint: 'vérifiez l’indentation (espaces, pas de tabulations), les deux-points et les guillemets',
        };
      }),
    };
  }
  try {
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { ok: true, value: { doc, lineCounter, value } };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const isBomb = /alias/i.test(message);
    return {
      ok: false,
      issues: [
        {
          at: { file, line: 1, column: 1 },
          path: '',
          message: isBomb ? 'trop d’alias YAML (&/*) : fichier refusé' : `YAML illisible : ${message}`,
          ...(isBomb ? { hint: `au plus ${MAX_ALIAS_COUNT} alias ; écrivez les valeurs en clair` } : {}),
        },
      ],
    };
  }
};
