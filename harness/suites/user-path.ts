/**
 * The one resolver for every path a person writes (suite files, datasets, RAG corpora, output
 * folders): the path is resolved, symbolic links are followed (realpath), and the result must stay
 * inside the folders allowed. Checking the written path alone is not enough: `datasets/x.csv` may be
 * a link to a file anywhere on the machine, and its rows would then be read and sent.
 */
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

export type ResolvedUserPath =
  | { ok: true; path: string; real: string }
  | { ok: false; message: string; hint: string };

/** Whether `child` is `parent` or below it (both absolute, same form). */
export const isInside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
};

/**
 * realpath of `p`, or of its longest existing ancestor joined with the rest when `p` does not exist
 * yet (an output folder to create): a link anywhere along the way is followed.
 */
export const realPathOf = (p: string): string => {
  const missing: string[] = [];
  let current = p;
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return p;
      missing.push(basename(current));
      current = parent;
    }
  }
};

/** Whether the entry itself is a symbolic link (a dangling one included). */
const isLink = (p: string): boolean => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};

/**
 * Resolves `written` against `base` and checks that it stays inside one of `roots`, before and after
 * following links. `outside` decides what may be outside the roots *as written*: nothing (datasets,
 * corpora), or anything the person typed openly (`--out /elsewhere`), links still being checked.
 */
export const resolveUserPath = (written: string, base: string, roots: readonly string[], opts: { writtenOutside?: 'refuse' | 'allow' } = {}): ResolvedUserPath => {
  const path = resolve(base, written);
  const lexicallyInside = roots.some((r) => isInside(path, resolve(r)));
  if (!lexicallyInside) {
    if (opts.writtenOutside === 'allow') return { ok: true, path, real: realPathOf(path) };
    return { ok: false, message: `chemin refusé : « ${written} » sort du projet`, hint: 'placez le fichier sous le dossier du projet (datasets/, suites/…)' };
  }
  const real = realPathOf(path);
  if (roots.some((r) => isInside(real, realPathOf(resolve(r))))) return { ok: true, path, real };
  const link = isLink(path) ? `« ${written} » est un lien symbolique` : `un dossier de « ${written} » est un lien symbolique`;
  return {
    ok: false,
    message: `chemin refusé : ${link} vers ${real}, hors du projet`,
    hint: existsSync(real) ? 'copiez le fichier dans le projet plutôt que de le lier : seul ce qui est dans le projet est lu' : 'le lien pointe hors du projet ; remplacez-le par le fichier lui-même',
  };
};
