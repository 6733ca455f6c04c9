/**
 * No absolute machine path in a report: a report travels by e-mail, and `/home/agent/…` says
 * nothing useful and tells too much. A path is shown relative to the project when it goes through
 * one of the project's folders, else by its file name alone. Pure.
 */

/** Folders of a bac-à-sable project (README « Le dossier d'une campagne »): a path is cut just before them. */
const PROJECT_FOLDERS = ['suites', 'datasets', 'reports', 'models', 'docs', 'harness'];

const ABSOLUTE = /(?:[A-Za-z]:[\\/]|\/)(?:[^\s"'<>:;,()[\]{}«»]+[\\/])+[^\s"'<>:;,()[\]{}«»]*/g;

/** One path: `/home/a/projet/suites/rh/q.yaml` → `suites/rh/q.yaml`; `/etc/x/y.txt` → `y.txt`. */
export const displayPath = (path: string): string => {
  if (!/^(?:[A-Za-z]:[\\/]|\/)/.test(path)) return path;
  const parts = path.split(/[\\/]/).filter(Boolean);
  const at = parts.findIndex((p) => PROJECT_FOLDERS.includes(p));
  return at >= 0 ? parts.slice(at).join('/') : (parts[parts.length - 1] ?? path);
};

/** Every absolute path inside a message (an error, a reason) replaced by its display form. */
export const withoutAbsolutePaths = (text: string): string => text.replace(ABSOLUTE, (p) => displayPath(p));
