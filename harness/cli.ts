/**
 * yargs wiring only: declares commands and options and calls the matching handler. Handlers are
 * given by `main`, which owns argv, the environment and the exit code.
 */
import yargs, { type Argv } from 'yargs';

export type Handlers = {
  run(args: { suite: string[]; model: string[]; config?: string; out?: string; repeat?: number; concurrency?: number; resume?: string; retryErrors?: boolean; cache?: boolean; allowEgress?: string[] }): Promise<void>;
  validate(args: { paths: string[]; config?: string }): Promise<void>;
  list(args: { what: 'suites' | 'models' | 'scorers'; config?: string }): Promise<void>;
  score(args: { type: string; output: string; reference?: string; value?: string; threshold?: number }): Promise<void>;
  report(args: { runDir: string }): Promise<void>;
  modelsPull(args: { name: string; from?: string }): Promise<void>;
};

const asList = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));

export const buildCli = (handlers: Handlers, argv: string[], version: string): Argv =>
  yargs(argv)
    .scriptName('bac-a-sable')
    .locale('fr')
    .usage('$0 <commande> [options]\n\nBanc d’essai d’IA générative : exactitude, latence, énergie, souveraineté.')
    .option('config', { type: 'string', describe: 'fichier de configuration des modèles (défaut : bac-a-sable.config.yaml)' })
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
          .option('cache', { type: 'boolean', describe: 'réutilise les réponses déjà obtenues pour des requêtes identiques (jamais avec --repeat)' })
          .check((a) => {
            if (a.repeat !== undefined && (!Number.isInteger(a.repeat) || a.repeat < 1)) throw new Error('--repeat : entier ≥ 1 attendu');
            if (a.concurrency !== undefined && (!Number.isInteger(a.concurrency) || a.concurrency < 1)) throw new Error('--concurrency : entier ≥ 1 attendu');
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
        }),
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
      'réécrit summary.json et results.csv à partir de results.jsonl',
      (y) => y.positional('runDir', { type: 'string', demandOption: true }),
      (a) => handlers.report({ runDir: a.runDir }),
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
    .demandCommand(1, 'précisez une commande (bac-a-sable --help)')
    .strict()
    .version(version)
    .help()
    .alias('h', 'help')
    .wrap(100)
    .exitProcess(false);
