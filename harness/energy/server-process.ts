/**
 * The process of a model server running on this machine (`energy.process` in the config): a
 * process name as in `/proc/<pid>/comm` (`llama-server`, `ollama`), or the path of a pid file. Its
 * process tree is then metered like a local program, instead of the whole machine's load.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ServerProcess = { pid: number; how: string } | { pid: null; reason: string };

/** Finds the pid; never throws (a server not found leaves the machine-wide figure, said so). */
export const findServerProcess = (spec: string, procRoot = '/proc'): ServerProcess => {
  if (spec.includes('/')) {
    try {
      const pid = Number(readFileSync(spec, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0) return { pid, how: `fichier ${spec}` };
      return { pid: null, reason: `${spec} ne contient pas un numéro de processus` };
    } catch {
      return { pid: null, reason: `fichier ${spec} illisible` };
    }
  }
  // comm is cut to 15 characters by the kernel (TASK_COMM_LEN 16, with its NUL).
  const wanted = spec.slice(0, 15);
  const found: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(procRoot).filter((d) => /^\d+$/.test(d));
  } catch {
    return { pid: null, reason: 'pas de /proc sur ce système' };
  }
  for (const d of entries) {
    try {
      if (readFileSync(join(procRoot, d, 'comm'), 'utf8').trim() === wanted) found.push(Number(d));
    } catch {
      // vanished while scanning
    }
  }
  if (found.length === 0) return { pid: null, reason: `aucun processus « ${spec} » en cours` };
  if (found.length > 1) return { pid: null, reason: `${found.length} processus « ${spec} » : donnez un fichier pid` };
  return { pid: found[0]!, how: `processus « ${spec} »` };
};
