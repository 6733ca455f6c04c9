/**
 * yargs wiring only: declares commands and options and calls the matching handler. Handlers are
 * given by `main`, which owns argv, the environment and the exit code.
 */
import yargs, { type Argv } from 'yargs';

export type Handlers = {
  run(args: { suite: string[]; model: string[]; config?: string; out?: string; repeat?: number; concurrency?: number; resume?: string; retryErrors?: boolean; cache?: boolean; allowEgress?: string[]; lang?: 'fr' | 'en'; concurrentLocal?: boolean; failUnder?: number; baseline?: string; maxRegression?: number; junit?: string; cases?: string[]; limit?: number; sample?: number; seed?: number; shard?: string; format?: 'text' | 'json'; quiet?: boolean }): Promise<void>;
  validate(args: { paths: string[]; config?: string }): Promise<void>;
  merge(args: { dirs: string[]; out?: string; junit?: string; lang?: 'fr' | 'en'; failUnder?: number }): Promise<void>;
  list(args: { what: 'suites' | 'models' | 'scorers'; config?: string }): Promise<void>;
  score(args: { type: string; output: string; reference?: string; value?: string; threshold?: number }): Promise<void>;
  report(args: { runDir: string; lang?: 'fr' | 'en'; pdf?: boolean }): Promise<void>;
  modelsPull(args: { name: string; from?: string }): Promise<void>;
  init(args: { probe?: string[]; force?: boolean; out?: string }): Promise<void>;
  history(args: { community?: string; model?: string; suite?: string; db?: string }): Promise<void>;
  historyImport(args: { dirs: string[]; db?: string }): Promise<void>;
  historyExport(args: { out: string; db?: string }): Promise<void>;
  compare(args: { a: string; b: string; html?: string | boolean; db?: string }): Promise<void>;
  energyProbe(args: { seconds: number; config?: string }): Promise<void>;
  newSuite(args: { community: string; suiteId: string }): Promise<void>;
  serve(args: { host?: string; port?: number; token?: string; db?: string }): Promise<void>;
  importConfig(args: { format: 'promptfoo'; file: string; out?: string; hosting: string[]; classification?: string; strict?: boolean }): Promise<void>;
};

const asList = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));

type YargsInternals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };

/**
 * yargs renders the whole help text (≈ 0.15 s of string-width at start-up) right after starting a
 * command, kept in case a later failure shows it. Failures go through our own `.fail` (main.ts),
 * which never prints that help, so the rendering is skipped; `--help` renders as before. Guarded:
 * a yargs without this internal method is left as it is.
 */
const withoutHelpCache = (cli: Argv): Argv => {
  const usage = (cli as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
  return cli;
};

export const buildCli = (handlers: Handlers, argv: string[], version: string): Argv =>
  withoutHelpCache(yargs(argv)
    .scriptName('bac-a-sable')
    .locale('fr')
    .usage('$0 <commande> [options]\n\nBanc d’essai d’IA générative : exactitude, latence, énergie, souveraineté.')
    .option('config', { type: 'string', describe: 'fichier de configuration des modèles (défaut : bac-a-sable.config.yaml)' })
    .option('lang', { choices: ['fr', 'en'] as const, describe: 'langue des rapports HTML (défaut : fr)' })
    .command(
      'run',
      'lance une campagne : suites × modèles × cas',
      (y) =>
        y
          .option('suite', { type: 'string', array: true, describe: 'id ou chemin de suite (répétable) ; défaut : toutes' })
          .option('model', { type: 'string', array: true, describe: 'id de modèle (répétable) ; défaut : defaults.models' })
          .option('out', { type: 'string', describe: 'dossier des campagnes (défaut : reports/runs)' })
          .option('repeat', { type: 'number', describe: 'répétitions de chaque cas' })
          .option('concurrency', { type: 'number', describe: 'requêtes simultanées par modèle' })
          .option('resume', { type: 'string', describe: 'reprend la campagne de ce dossier (même plan ; ce qui est fait est conservé)' })
          .option('retry-errors', { type: 'boolean', describe: 'avec --resume : relance aussi les cas terminés en erreur' })
          .option('allow-egress', { type: 'string', array: true, describe: 'SUITE:MODELE : autorise explicitement un envoi que la politique refuse (tracé)' })
          .option('concurrent-local', { type: 'boolean', describe: 'laisse les modèles locaux traiter plusieurs requêtes à la fois ; l’énergie est alors partagée entre les cas actifs (parts égales, marquées « allocated »)' })
          .option('cache', { type: 'boolean', describe: 'réutilise les réponses déjà obtenues pour des requêtes identiques (jamais avec --repeat)' })
          .option('fail-under', { type: 'number', describe: 'seuil : taux de réussite minimum (0 à 1) de chaque suite × modèle ; en dessous, code de sortie 4' })
          .option('baseline', { type: 'string', describe: 'dossier d’une campagne de référence, pour --max-regression et les seuils maxRegressionPoints des suites' })
          .option('cases', { type: 'string', array: true, describe: 'ne lance que ces cas : id exact ou expression régulière couvrant tout l’id (répétable)' })
          .option('limit', { type: 'number', describe: 'au plus N cas par suite (les premiers)' })
          .option('sample', { type: 'number', describe: 'N cas tirés au hasard dans chaque suite (reproductible avec --seed)' })
          .option('seed', { type: 'number', describe: 'graine du tirage de --sample (défaut : 0)' })
          .option('shard', { type: 'string', describe: 'K/N : ne lance que la K-ième part sur N du plan (chaque cas entier dans une part) ; réunir avec bac-a-sable merge' })
          .option('format', { choices: ['text', 'json'] as const, describe: 'json : le résumé en JSON sur la sortie standard (pour un programme), la progression sur la sortie d’erreur' })
          .option('quiet', { type: 'boolean', describe: 'n’affiche ni la progression ni le tableau : seulement les avertissements et les erreurs' })
          .option('junit', { type: 'string', describe: 'écrit aussi le rapport JUnit XML (vue « tests » de GitLab, Jenkins, GitHub) dans ce fichier' })
          .option('max-regression', { type: 'number', describe: 'avec --baseline : recul maximum du taux de réussite, en points ; au-delà, code de sortie 4' })
          // A message returned (not thrown) is a usage error: exit 2 with the message, no stack trace.
          .check((a) => {
            const failUnder = a.failUnder as number | undefined;
            const maxRegression = a.maxRegression as number | undefined;
            if (failUnder !== undefined && !(failUnder >= 0 && failUnder <= 1)) return '--fail-under : taux entre 0 et 1 attendu (0.95 pour 95 %)';
            if (maxRegression !== undefined && !(maxRegression >= 0 && maxRegression <= 100)) return '--max-regression : nombre de points entre 0 et 100 attendu';
            for (const [name, v] of [['--limit', a.limit], ['--sample', a.sample]] as const) if (v !== undefined && (!Number.isInteger(v) || (v as number) < 1)) return `${name} : entier ≥ 1 attendu`;
            if (a.seed !== undefined && !Number.isInteger(a.seed)) return '--seed : entier attendu';
            if (a.seed !== undefined && a.sample === undefined) return '--seed s’emploie avec --sample N';
            if (a.repeat !== undefined && (!Number.isInteger(a.repeat) || a.repeat < 1)) return '--repeat : entier ≥ 1 attendu';
            if (a.concurrency !== undefined && (!Number.isInteger(a.concurrency) || a.concurrency < 1)) return '--concurrency : entier ≥ 1 attendu';
            return true;
          }),
      (a) =>
        handlers.run({
          suite: asList(a.suite),
          model: asList(a.model),
          ...(a.config ? { config: a.config } : {}),
          ...(a.out ? { out: a.out } : {}),
          ...(a.repeat ? { repeat: a.repeat } : {}),
          ...(a.concurrency ? { concurrency: a.concurrency } : {}),
          ...(a.resume ? { resume: a.resume } : {}),
          ...(a.retryErrors ? { retryErrors: true } : {}),
          ...(a.cache ? { cache: true } : {}),
          ...(a.allowEgress ? { allowEgress: asList(a.allowEgress) } : {}),
          ...(a.lang ? { lang: a.lang } : {}),
          ...(a.concurrentLocal ? { concurrentLocal: true } : {}),
          ...(a.failUnder !== undefined ? { failUnder: a.failUnder } : {}),
          ...(a.baseline ? { baseline: a.baseline } : {}),
          ...(a.maxRegression !== undefined ? { maxRegression: a.maxRegression } : {}),
          ...(a.junit ? { junit: a.junit } : {}),
          ...(a.cases ? { cases: asList(a.cases) } : {}),
          ...(a.limit !== undefined ? { limit: a.limit } : {}),
          ...(a.sample !== undefined ? { sample: a.sample } : {}),
          ...(a.seed !== undefined ? { seed: a.seed } : {}),
          ...(a.shard !== undefined ? { shard: a.shard } : {}),
          ...(a.format ? { format: a.format } : {}),
          ...(a.quiet ? { quiet: true } : {}),
        }),
    )
    .command(
      'merge <dirs..>',
      'réunit les parts d’une campagne lancée avec --shard K/N en un seul dossier de campagne',
      (y) =>
        y
          .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'dossiers des parts (toutes, chacune une fois)' })
          .option('out', { type: 'string', describe: 'dossier des campagnes où écrire le résultat (défaut : celui de la première part)' })
          .option('junit', { type: 'string', describe: 'écrit aussi le rapport JUnit XML de la campagne réunie' })
          .option('fail-under', { type: 'number', describe: 'seuil : taux de réussite minimum (0 à 1) de chaque suite × modèle ; en dessous, code de sortie 4' })
          .check((a) => {
            const f = a.failUnder as number | undefined;
            return f === undefined || (f >= 0 && f <= 1) ? true : '--fail-under : taux entre 0 et 1 attendu (0.95 pour 95 %)';
          }),
      (a) => handlers.merge({ dirs: asList(a.dirs), ...(a.out ? { out: a.out } : {}), ...(a.junit ? { junit: a.junit } : {}), ...(a.lang ? { lang: a.lang } : {}), ...(a.failUnder !== undefined ? { failUnder: a.failUnder } : {}) }),
    )
    .command(
      'validate [paths..]',
      'vérifie suites, jeux de données et configuration sans rien lancer',
      (y) => y.positional('paths', { type: 'string', array: true, describe: 'fichiers ou dossiers de suites' }),
      (a) => handlers.validate({ paths: asList(a.paths), ...(a.config ? { config: a.config } : {}) }),
    )
    .command(
      'list <what>',
      'liste les suites, les modèles ou les critères',
      (y) => y.positional('what', { choices: ['suites', 'models', 'scorers'] as const, demandOption: true }),
      (a) => handlers.list({ what: a.what, ...(a.config ? { config: a.config } : {}) }),
    )
    .command(
      'score <type>',
      'essaie un critère sur un texte et affiche le score en JSON',
      (y) =>
        y
          .positional('type', { type: 'string', demandOption: true })
          .option('output', { type: 'string', demandOption: true, describe: 'la réponse à noter' })
          .option('reference', { type: 'string', describe: 'la réponse de référence' })
          .option('value', { type: 'string', describe: 'la valeur du critère (texte ou JSON)' })
          .option('threshold', { type: 'number', describe: 'le seuil du critère' }),
      (a) =>
        handlers.score({
          type: a.type,
          output: a.output,
          ...(a.reference !== undefined ? { reference: a.reference } : {}),
          ...(a.value !== undefined ? { value: a.value } : {}),
          ...(a.threshold !== undefined ? { threshold: a.threshold } : {}),
        }),
    )
    .command(
      'report <runDir>',
      'réécrit summary.json, results.csv et report.html à partir de results.jsonl',
      (y) => y.positional('runDir', { type: 'string', demandOption: true }).option('pdf', { type: 'boolean', describe: 'écrit aussi report.pdf (A4) avec Chromium' }),
      (a) => handlers.report({ runDir: a.runDir, ...(a.lang ? { lang: a.lang } : {}), ...(a.pdf ? { pdf: true } : {}) }),
    )
    .command(
      'init',
      'écrit bac-a-sable.config.yaml avec les modèles trouvés sur ce poste (Ollama, llama-server, LM Studio, vLLM)',
      (y) =>
        y
          .option('probe', { type: 'string', array: true, describe: 'autre adresse de serveur à interroger (répétable)' })
          .option('force', { type: 'boolean', describe: 'remplace une configuration existante (copie gardée en .bak)' })
          .option('out', { type: 'string', describe: 'fichier à écrire (défaut : bac-a-sable.config.yaml)' }),
      (a) => handlers.init({ ...(a.probe ? { probe: asList(a.probe) } : {}), ...(a.force ? { force: true } : {}), ...(a.out ? { out: a.out } : {}) }),
    )
    .command('models', 'gère les fichiers de modèles locaux (GGUF)', (y) =>
      y
        .command(
          'pull <name>',
          'télécharge un modèle du catalogue dans models/ et vérifie son sha256',
          (p) =>
            p
              .positional('name', { type: 'string', demandOption: true })
              .option('from', { type: 'string', describe: 'copier depuis ce dossier local au lieu de télécharger' }),
          (a) => handlers.modelsPull({ name: a.name, ...(a.from ? { from: a.from } : {}) }),
        )
        .demandCommand(1, 'précisez une sous-commande : pull'),
    )
    .command(
      'history',
      'l’observatoire : les campagnes et leurs chiffres clés (sous-commandes : import, export)',
      (y) =>
        y
          .option('db', { type: 'string', describe: 'base de l’observatoire (défaut : reports/observatoire.db)' })
          .option('community', { type: 'string', describe: 'filtrer par communauté' })
          .option('model', { type: 'string', describe: 'filtrer par modèle' })
          .option('suite', { type: 'string', describe: 'filtrer par suite' })
          .command(
            'import <dirs..>',
            'reconstruit l’index à partir de dossiers de campagnes (results.jsonl fait foi)',
            (p) => p.positional('dirs', { type: 'string', array: true, demandOption: true }),
            (a) => handlers.historyImport({ dirs: asList(a.dirs), ...(a.db ? { db: a.db } : {}) }),
          )
          .command(
            'export <out>',
            'exporte tout l’historique en CSV pour un tableur',
            (p) => p.positional('out', { type: 'string', demandOption: true }),
            (a) => handlers.historyExport({ out: a.out, ...(a.db ? { db: a.db } : {}) }),
          ),
      (a) =>
        handlers.history({
          ...(a.community ? { community: a.community } : {}),
          ...(a.model ? { model: a.model } : {}),
          ...(a.suite ? { suite: a.suite } : {}),
          ...(a.db ? { db: a.db } : {}),
        }),
    )
    .command(
      'compare <a> <b>',
      'compare deux campagnes (ids ou dossiers) : écarts par suite × modèle et cas qui ont changé',
      (y) =>
        y
          .positional('a', { type: 'string', demandOption: true })
          .positional('b', { type: 'string', demandOption: true })
          .option('html', { type: 'string', describe: 'écrit aussi une page HTML (chemin facultatif)' })
          .option('db', { type: 'string', describe: 'base de l’observatoire' }),
      (a) => handlers.compare({ a: a.a, b: a.b, ...(a.html !== undefined ? { html: a.html === '' ? true : a.html } : {}), ...(a.db ? { db: a.db } : {}) }),
    )
    .command('energy', 'énergie : sources disponibles sur ce poste', (y) =>
      y
        .command(
          'probe',
          'dit quelles sources d’énergie ce poste offre (et pourquoi pas les autres), puis mesure la consommation au repos',
          (p) => p.option('seconds', { type: 'number', default: 10, describe: 'durée de la mesure au repos (0 : aucune)' }),
          (a) => handlers.energyProbe({ seconds: a.seconds, ...(a.config ? { config: a.config } : {}) }),
        )
        .demandCommand(1, 'précisez une sous-commande : probe'),
    )
    .command(
      'serve',
      'l’observatoire web, en lecture seule : tendances, campagnes, rapports, comparaisons, historique d’un cas',
      (y) =>
        y
          .option('host', { type: 'string', describe: 'adresse d’écoute (défaut : 127.0.0.1 ; toute autre exige un jeton)' })
          .option('port', { type: 'number', describe: 'port (défaut : 8080)' })
          .option('token', { type: 'string', describe: 'jeton d’accès (mieux : variable BAC_A_SABLE_SERVE_TOKEN)' })
          .option('db', { type: 'string', describe: 'base de l’observatoire (défaut : BAC_A_SABLE_DB, sinon reports/observatoire.db)' }),
      (a) => handlers.serve({ ...(a.host ? { host: a.host } : {}), ...(a.port !== undefined ? { port: a.port } : {}), ...(a.token ? { token: a.token } : {}), ...(a.db ? { db: a.db } : {}) }),
    )
    .command(
      'new-suite <community> <suiteId>',
      'crée une suite (YAML) et son tableau de cas (CSV) à remplir',
      (y) => y.positional('community', { type: 'string', demandOption: true }).positional('suiteId', { type: 'string', demandOption: true }),
      (a) => handlers.newSuite({ community: a.community, suiteId: a.suiteId }),
    )
    .command(
      'import <format> <file>',
      'importe une configuration promptfoo : suites, cas et modèles, avec un rapport de ce qui est repris',
      (y) =>
        y
          .positional('format', { choices: ['promptfoo'] as const, demandOption: true })
          .positional('file', { type: 'string', demandOption: true, describe: 'promptfooconfig.yaml (ou .json)' })
          .option('out', { type: 'string', describe: 'dossier où écrire suites/, datasets/, la configuration et import-report.md (défaut : dossier courant)' })
          .option('hosting', { type: 'string', array: true, describe: 'FOURNISSEUR=HÉBERGEMENT pour chaque fournisseur hors OpenAI et Mistral (ex. ollama:chat:llama3=local)' })
          .option('classification', { type: 'string', describe: 'sensibilité des cas importés (défaut : personnel, la plus protectrice)' })
          .option('strict', { type: 'boolean', describe: 'refuse tout élément approché ou non repris (code 2)' }),
      (a) =>
        handlers.importConfig({
          format: a.format,
          file: a.file,
          hosting: asList(a.hosting),
          ...(a.out ? { out: a.out } : {}),
          ...(a.classification ? { classification: a.classification } : {}),
          ...(a.strict ? { strict: true } : {}),
        }),
    )
    .demandCommand(1, 'précisez une commande (bac-a-sable --help)')
    .example('$0 run --suite suites/rh/conges.yaml --model mistral-small', 'une suite, un modèle')
    .example('$0 run --fail-under 0.9 --junit junit.xml', 'en intégration continue : code 4 sous 90 %, rapport JUnit')
    .example('$0 run --shard 2/3 && $0 merge PART1 PART2 PART3', 'une campagne répartie sur trois machines, puis réunie')
    .epilogue(
      'Codes de sortie : 0 terminé · 1 bogue de bac-à-sable · 2 entrée invalide (rien n’est lancé) · 3 campagne impossible, ou un modèle sans aucune réponse · 4 seuil de qualité non atteint (dossier écrit) · 130 interrompu (Ctrl-C)',
    )
    .strict()
    .version(version)
    .help()
    .alias('h', 'help')
    .wrap(100)
    .exitProcess(false));

/** The options a command accepts, read from its own `--help`: the yargs definition itself. */
export const optionsOf = async (command: readonly string[]): Promise<string[]> => {
  const noop = new Proxy({}, { get: () => async () => undefined }) as Handlers;
  let help = '';
  await buildCli(noop, [...command, '--help'], '0')
    .fail(() => undefined)
    .parseAsync([...command, '--help'], {}, (_e, _a, output) => {
      help = output;
    });
  return [...new Set([...help.matchAll(/^\s+(?:-\w, )?--([a-z][a-z-]*)/gm)].map((m) => m[1]!))];
};
