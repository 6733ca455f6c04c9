/**
 * Benchmark 6, install footprint: `npm ci` in a fresh clone of the repository (its committed
 * package-lock.json and .npmrc, which sets omit=optional), timed; then the size of node_modules
 * (`du -sb`), its package count and its largest packages. Slow: `--skip-install` leaves it out.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/child.js';
import { mb, num, s, table } from './lib/format.js';
import { median, round } from './lib/stats.js';
import type { Benchmark, TargetCheck } from './lib/types.js';

type Run = { wallMs: number; bytes: number };
export type InstallData = {
  commit: string;
  runs: Run[];
  wallMs: number;
  bytes: number;
  packages: number;
  largest: { name: string; bytes: number }[];
  workingCopyBytes: number;
  npm: string;
  /** One `npm ci --ignore-scripts`: the install without the packages' build scripts. */
  ignoreScriptsMs: number;
  /** Native addons built from source during `npm ci` (a build/Release/obj.target folder). */
  compiled: string[];
};

const duBytes = (path: string): number => Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);

const timed = (cmd: string, args: string[], cwd: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    // npm needs the user's environment (HOME, proxy, cache); nothing of the bench is added to it.
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${cmd} ${args.join(' ')} : code ${code}\n${err.slice(-2000)}`))));
  });

/** Sizes of the top-level packages (scoped ones counted per package), largest first. */
const largestPackages = (nodeModules: string, k: number): { name: string; bytes: number }[] => {
  const names = readdirSync(nodeModules)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => (n.startsWith('@') ? readdirSync(join(nodeModules, n)).map((m) => `${n}/${m}`) : [n]));
  return names
    .map((name) => ({ name, bytes: duBytes(join(nodeModules, name)) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, k);
};

export const install: Benchmark<InstallData> = {
  name: 'install',
  title: '6. Empreinte de l’installation (`npm ci`)',
  command: 'npm run bench -- install',
  async run({ runs = 2, log }) {
    const tmp = mkdtempSync(join(tmpdir(), 'bench-install-'));
    const clone = join(tmp, 'x');
    try {
      execFileSync('git', ['clone', '--quiet', REPO_ROOT, clone]);
      const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: clone, encoding: 'utf8' }).trim();
      const done: Run[] = [];
      for (let k = 0; k < runs; k++) {
        // npm ci removes node_modules itself; each run installs from scratch (with npm's cache).
        const wallMs = await timed('npm', ['ci'], clone);
        done.push({ wallMs: round(wallMs, 0), bytes: duBytes(join(clone, 'node_modules')) });
        log(`npm ci, tour ${k + 1}/${runs} : ${Math.round(wallMs)} ms, ${done.at(-1)!.bytes} octets`);
      }
      const nm = join(clone, 'node_modules');
      const compiled = readdirSync(nm)
        .flatMap((n) => (n.startsWith('@') ? readdirSync(join(nm, n)).map((m) => `${n}/${m}`) : [n]))
        .filter((name) => existsSync(join(nm, name, 'build', 'Release', 'obj.target')));
      const largest = largestPackages(nm, 10);
      const packagesLock = join(nm, '.package-lock.json');
      const packages = existsSync(packagesLock) ? Object.keys((JSON.parse(readFileSync(packagesLock, 'utf8')) as { packages: Record<string, unknown> }).packages).length : Number.NaN;
      // Last, since it leaves node_modules without built addons: what the scripts cost.
      const ignoreScriptsMs = round(await timed('npm', ['ci', '--ignore-scripts'], clone), 0);
      log(`npm ci --ignore-scripts : ${ignoreScriptsMs} ms ; compilés depuis les sources : ${compiled.join(', ') || 'aucun'}`);
      const data: InstallData = {
        commit,
        runs: done,
        wallMs: round(median(done.map((r) => r.wallMs)), 0),
        bytes: median(done.map((r) => r.bytes)),
        packages,
        largest,
        workingCopyBytes: duBytes(join(REPO_ROOT, 'node_modules')),
        npm: execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim(),
        ignoreScriptsMs,
        compiled,
      };
      // The brief sets no number here: reported, not checked.
      const targets: TargetCheck[] = [];
      return { data, targets };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
  render(d) {
    return [
      `\`git clone\` du dépôt (commit ${d.commit}) dans un dossier temporaire, puis \`npm ci\` (npm ${d.npm}, .npmrc : \`omit=optional\`, cache npm de la machine déjà rempli) ; médiane de ${d.runs.length} installations.`,
      '',
      table(
        ['mesure', 'valeur'],
        [
          ['durée de `npm ci`', `${s(d.wallMs, 1)} (tours : ${d.runs.map((r) => s(r.wallMs, 1)).join(', ')})`],
          ['dont scripts d’installation des paquets (durée − `npm ci --ignore-scripts`, un tour)', `${s(d.wallMs - d.ignoreScriptsMs, 1)} ; modules natifs compilés depuis les sources : ${d.compiled.length > 0 ? d.compiled.map((c) => `\`${c}\``).join(', ') : 'aucun'}`],
          ['`du -sb node_modules`', `${mb(d.bytes / 1e6, 1)} (${num(d.bytes, 0)} octets)`],
          ['paquets installés', num(d.packages, 0)],
          ['node_modules de la copie de travail (pour comparaison)', mb(d.workingCopyBytes / 1e6, 1)],
        ],
      ),
      '',
      'Les dix plus gros paquets :',
      '',
      table(['paquet', 'taille'], d.largest.map((p) => [`\`${p.name}\``, mb(p.bytes / 1e6, 1)])),
      '',
      'Aucun objectif chiffré n’est fixé pour ce banc.',
    ].join('\n');
  },
};
