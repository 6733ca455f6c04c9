/**
 * The process boundary: reads argv, the environment and the working folder, installs the Ctrl-C
 * handlers, runs the command, and decides the exit code. The only place that does.
 *
 * Exit codes: 0 done (whatever the scores) · 1 internal bug · 2 invalid input or config (nothing run,
 * nothing written) · 3 the run could not complete, or a model's every request failed · 4 a quality
 * gate failed (the run folder is written) · 130 interrupted (Ctrl-C).
 */
import { formatIssue, isHarnessError, type HarnessError } from './core/errors.js';
import type { Handlers } from './cli.js';
import { startHereText } from './commands/start-here.js';
import type { CommandContext } from './commands/context.js';
import { harnessVersion } from './commands/manifest.js';
import { withGatedOutput } from './core/gated-output.js';
import { oneLine } from './core/terminal-text.js';
import { sourceMappedStack } from './core/source-mapped-stack.js';
import { suggestName } from './core/suggest.js';

export const EXIT = { ok: 0, bug: 1, invalid: 2, runFailed: 3, gateFailed: 4, interrupted: 130 } as const;

const exitCodeOf = (e: HarnessError): number => {
  switch (e.code) {
    case 'invalid-input':
    case 'policy-refused':
    case 'missing-secret':
      return EXIT.invalid;
    case 'interrupted':
      return EXIT.interrupted;
    default:
      return EXIT.runFailed;
  }
};

const printError = (ctx: CommandContext, e: HarnessError): void => {
  if (e.issues && e.issues.length > 0) {
    // One issue, one line: a value quoted in a message cannot start a line of its own (« ✓ aucun problème »).
    for (const issue of e.issues) ctx.stderr.write(`${oneLine(formatIssue(issue))}\n`);
    ctx.stderr.write(`\n${e.issues.length} problème(s) : rien n'a été lancé ni écrit.\n`);
    return;
  }
  ctx.stderr.write(`Erreur : ${e.message}\n`);
  if (e.hint) ctx.stderr.write(`  → ${e.hint}\n`);
};

class UsageError extends Error {}

/** « Argument inconnu : modle » (yargs, French locale) gets « (vouliez-vous dire --model ?) ». */
const withSuggestion = (msg: string, known: readonly string[]): string => {
  const m = /^Arguments? inconnus? : (.+)$/.exec(msg);
  if (!m) return msg;
  const options = known.filter((k) => k.length > 1 && !/[A-Z]/.test(k));
  // yargs also lists the camelCase twin of a dashed name: one suggestion per option typed.
  const hints = m[1]!.split(', ').filter((name) => !/[A-Z]/.test(name)).flatMap((name) => {
    const near = suggestName(name.replace(/^-+/, ''), options);
    return near ? [`--${name.replace(/^-+/, '')} → --${near}`] : [];
  });
  return hints.length > 0 ? `${msg} (vouliez-vous dire : ${hints.join(', ')} ?)` : msg;
};

/**
 * The command handlers, loaded on the first call: the commands bring every provider, scorer and
 * their packages (≈ 0.8 s of imports), which `--help` and a mistyped option never need.
 */
const lazyHandlers = (load: () => Promise<Handlers>): Handlers => {
  let loaded: Promise<Handlers> | undefined;
  return new Proxy({} as Handlers, {
    get: (_target, key) => async (args: unknown) => {
      loaded ??= load();
      const h = (await loaded) as unknown as Record<PropertyKey, (a: unknown) => Promise<void>>;
      const fn = h[key];
      if (!fn) throw new Error(`commande sans gestionnaire : ${String(key)}`);
      return fn(args);
    },
  });
};

const guarded = new WeakSet<NodeJS.WriteStream>();

/**
 * A reader that went away (`run … | head -1`, a `tee` stopped by Ctrl-C) must never end a campaign:
 * the write error (EPIPE, then "stream destroyed" for later writes) is dropped, the lines are lost,
 * and the run goes on to write its folder (results, summary.json, report.html).
 */
const ignoreClosedReader = (stream: NodeJS.WriteStream): void => {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    throw e;
  });
};

/** Default context: the real process. Tests pass their own. */
export const processContext = (): CommandContext & { stop: AbortController; abort: AbortController } => {
  ignoreClosedReader(process.stdout);
  ignoreClosedReader(process.stderr);
  const stop = new AbortController();
  const abort = new AbortController();
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    fetch: globalThis.fetch,
    now: () => performance.now(),
    date: () => new Date(),
    stopSignal: stop.signal,
    abortSignal: abort.signal,
    stop,
    abort,
  };
};

export const main = async (argv: string[], given?: CommandContext): Promise<number> => {
  // Everything printed goes through one gate that strips terminal control sequences (core/terminal-text.ts).
  const ctx = withGatedOutput(given ?? processContext());
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1 && 'stop' in ctx) {
      ctx.stderr.write('\nInterruption demandée : les requêtes en cours se terminent, puis le résumé est écrit. (Ctrl-C encore pour quitter tout de suite.)\n');
      (ctx as ReturnType<typeof processContext>).stop.abort();
    } else {
      if ('abort' in ctx) (ctx as ReturnType<typeof processContext>).abort.abort();
      process.exit(EXIT.interrupted);
    }
  };
  if (!given) process.on('SIGINT', onSigint);
  let interrupted = false;
  let runExit: number = EXIT.ok;
  const handlers = lazyHandlers(async () => {
    const { createCommandHandlers } = await import('./commands/handlers.js');
    return createCommandHandlers(ctx, (wasInterrupted, exitCode) => {
      interrupted = wasInterrupted;
      runExit = exitCode ?? EXIT.ok;
    });
  });
  if (argv.length === 0) {
    ctx.stdout.write(startHereText());
    return EXIT.ok;
  }
  // Answered before yargs and the commands load: `--version` costs about a bare `node` start.
  if (argv.length === 1 && argv[0] === '--version') {
    ctx.stdout.write(`${harnessVersion()}\n`);
    return EXIT.ok;
  }
  try {
    // yargs is loaded here, after the `--version` shortcut.
    const { buildCli } = await import('./cli.js');
    await buildCli(handlers, argv, harnessVersion())
      .fail((msg, err) => {
        // A command's own error comes as an Error; an option check that failed returns its message as a string.
        if (err instanceof Error) throw err;
        throw new UsageError(msg);
      })
      .parseAsync();
    return interrupted ? EXIT.interrupted : runExit;
  } catch (e) {
    if (e instanceof UsageError) {
      const { optionsOf } = await import('./cli.js');
      const known = /^Arguments? inconnus? : /.test(e.message) ? await optionsOf(argv.slice(0, 1)).catch(() => []) : [];
      ctx.stderr.write(`Erreur : ${withSuggestion(e.message, known)}\n  → bac-a-sable --help pour l'aide\n`);
      return EXIT.invalid;
    }
    if (isHarnessError(e)) {
      printError(ctx, e);
      return exitCodeOf(e);
    }
    ctx.stderr.write(`Erreur interne (bogue de bac-a-sable, merci de le signaler) :\n${e instanceof Error ? (e.stack ? sourceMappedStack(e.stack) : e.message) : String(e)}\n`);
    return EXIT.bug;
  } finally {
    if (!given) process.off('SIGINT', onSigint);
  }
};
