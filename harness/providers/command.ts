/**
 * `command` provider: a local program questioned once per case, prompt on stdin and answer on
 * stdout. First user: the Apertium rule-based translator (`apertium fr-es`). Records the CPU time
 * of the program and all its descendants (child-cpu.ts) so energy can be estimated.
 */
import { execFile, spawn } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { access, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { z } from 'zod';
import { HarnessError } from '../core/errors.js';
import { cpuDeltaMs, createChildCpuClock } from './child-cpu.js';
import type { ChildCpuClock } from './child-cpu.js';
import { estimateTokens } from './estimate-tokens.js';
import { errorFromTransport, sanitizeBody } from './http-errors.js';
import type { Completion, CompletionRequest, ProviderDefinition } from './types.js';

/** Provider-specific fields of a `command` model block. */
export const CommandConfigSchema = z.strictObject({
  /** Program name (looked up in PATH) or path (relative to the project root). Run without a shell. */
  command: z.string().min(1),
  /** Arguments; `{{prompt}}` or `{{vars.nom}}` in one is replaced by that value (for `stdin: none`). */
  args: z
    .array(
      z.string().superRefine((arg, ctx) => {
        if (!arg.includes('{{')) return;
        try {
          Handlebars.parse(arg);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: `argument illisible : ${(e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''}` });
        }
      }),
    )
    .default([]),
  /** Variables added to the environment the harness was started with. */
  env: z.record(z.string(), z.string()).optional(),
  /** Working folder, relative to the project root. */
  cwd: z.string().min(1).optional(),
  /** `prompt`: the flattened prompt is written to stdin; `none`: stdin is closed at once. */
  stdin: z.enum(['prompt', 'none']).default('prompt'),
  /**
   * What stdin receives instead of the whole prompt, as a template (`{{vars.texte}}`): a translator
   * such as Apertium must get the text to translate, not the instruction written for LLMs.
   */
  input: z
    .string()
    .min(1)
    .superRefine((t, ctx) => {
      try {
        Handlebars.parse(t);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `gabarit illisible : ${(e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''}` });
      }
    })
    .optional(),
  /** Remove leading and trailing white space (Apertium ends its output with a line break). */
  trim: z.boolean().default(true),
});
export type CommandConfig = z.infer<typeof CommandConfigSchema>;

/** Test seam: where CPU time is read (see child-cpu.ts). */
export type CommandProviderOptions = { cpuClock?: ChildCpuClock };

/** Grace between SIGTERM and SIGKILL when a run is aborted. */
const KILL_GRACE_MS = 2_000;
/** Last bytes of stderr kept for error messages. */
const STDERR_TAIL_BYTES = 2_048;
/** A program printing more than this is runaway (a translation is a few KB): stop it. */
const MAX_STDOUT_BYTES = 8 * 1024 * 1024;
/** Bound on the version look-ups of describe() and check(). */
const LOOKUP_TIMEOUT_MS = 3_000;

const APERTIUM_INSTALL = 'sudo apt-get install apertium apertium-fr-es apertium-br-fr';
/** Options of `apertium` that take a value (its usage text), skipped when looking for the direction. */
const APERTIUM_VALUE_OPTIONS = new Set(['-d', '-f', '-m', '-o']);

const isApertium = (command: string): boolean => basename(command) === 'apertium';

/** The translation direction (`fr-es`) among apertium's arguments, when one is given. */
const apertiumDirection = (args: string[]): string | undefined => {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (APERTIUM_VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
};

const definedEnv = (env: Readonly<Record<string, string | undefined>>): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

/** Runs a short look-up program; its stdout, or undefined on any failure. */
const lookup = (file: string, args: string[], env: Record<string, string>, signal?: AbortSignal): Promise<string | undefined> =>
  new Promise((done) => {
    execFile(file, args, { env, timeout: LOOKUP_TIMEOUT_MS, ...(signal ? { signal } : {}) }, (error, stdout) =>
      done(error && !stdout ? undefined : String(stdout)),
    );
  });

const isExecutable = (path: string): Promise<boolean> =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

/**
 * The prompt as a read-only file descriptor for the child's stdin. Node's 'pipe' is a Unix socket,
 * and opening `/dev/stdin` on a socket fails (ENXIO): Apertium's script does exactly that, then
 * prints nothing and exits 0. A regular file works for every program; it is unlinked before the
 * program starts, so the prompt never stays on disk.
 */
const openPromptAsStdin = async (prompt: string): Promise<FileHandle> => {
  const dir = await mkdtemp(join(tmpdir(), 'bac-a-sable-stdin-'));
  try {
    const file = join(dir, 'prompt.txt');
    await writeFile(file, prompt, { encoding: 'utf8', mode: 0o600 });
    return await open(file, 'r');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

type RunOutcome = { stdout: string; totalMs: number; cpuMs?: number };

export const createCommandProviderDefinition = (
  options: CommandProviderOptions = {},
): ProviderDefinition<typeof CommandConfigSchema> => ({
  description: 'Programme local : le prompt sur l’entrée standard, la réponse sur la sortie standard (ex. Apertium)',
  config: CommandConfigSchema,
  create(model, deps) {
    const clock = options.cpuClock ?? createChildCpuClock();
    const cwd = resolve(deps.projectRoot, model.cwd ?? '.');
    // A path is resolved from the project root; a bare name is looked up in PATH by spawn.
    const program = model.command.includes('/') && !isAbsolute(model.command) ? resolve(deps.projectRoot, model.command) : model.command;
    const env = { ...definedEnv(deps.env), ...model.env };
    const ctx = { modelId: model.id };
    const hb = Handlebars.create();
    const argTemplates = model.args.map((a) => (a.includes('{{') ? hb.compile(a, { strict: true, noEscape: true }) : () => a));

    const notFound = (): HarnessError => {
      if (!existsSync(cwd)) {
        return new HarnessError('unreachable', `${model.id} : dossier de travail « ${cwd} » introuvable`, { hint: 'vérifiez cwd dans la configuration' });
      }
      return new HarnessError('unreachable', `${model.id} : programme « ${model.command} » introuvable`, {
        hint: isApertium(model.command) ? APERTIUM_INSTALL : 'vérifiez le chemin du programme (command) ou la variable PATH',
      });
    };

    const inputTemplate = model.input === undefined ? undefined : hb.compile(model.input, { strict: true, noEscape: true });
    const renderInput = (req: CompletionRequest): string => {
      if (!inputTemplate) return req.prompt;
      try {
        return inputTemplate({ prompt: req.prompt, vars: req.case?.vars ?? {}, params: req.params });
      } catch (e) {
        const detail = (e instanceof Error ? e.message : String(e)).replace(' in [object Object]', '');
        throw new HarnessError('invalid-input', `${model.id} : entrée impossible à construire — ${detail}`, { hint: 'la variable nommée par « input » doit exister dans chaque cas de la suite' });
      }
    };

    const renderArgs = (req: CompletionRequest): string[] => {
      try {
        return argTemplates.map((t) => t({ prompt: req.prompt, vars: req.case?.vars ?? {}, params: req.params }));
      } catch (e) {
        const detail = (e instanceof Error ? e.message : String(e)).replace(' in [object Object]', '');
        throw new HarnessError('invalid-input', `${model.id} : arguments impossibles à construire — ${detail}`);
      }
    };

    const run = (req: CompletionRequest, args: string[], stdinFd: number | 'ignore'): Promise<RunOutcome> =>
      new Promise((resolveRun, rejectRun) => {
        const cpuBeforeMs = clock.readMs();
        const startedMs = deps.now();
        // Own process group, so an abort reaches every program of a pipeline (apertium is a shell script).
        const child = spawn(program, args, {
          cwd,
          env,
          stdio: [stdinFd, 'pipe', 'pipe'],
          detached: true,
        });
        const stdout: Buffer[] = [];
        let stdoutBytes = 0;
        let stderrTail = Buffer.alloc(0);
        let aborted = false;
        let overflow = false;
        let killTimer: NodeJS.Timeout | undefined;
        let settled = false;

        const killGroup = (sig: NodeJS.Signals): void => {
          if (child.pid === undefined) return;
          try {
            process.kill(-child.pid, sig);
          } catch {
            // Already gone.
          }
        };
        const onAbort = (): void => {
          aborted = true;
          killGroup('SIGTERM');
          killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
        };
        const settle = (action: () => void): void => {
          if (settled) return;
          settled = true;
          clearTimeout(killTimer);
          req.signal.removeEventListener('abort', onAbort);
          action();
        };
        req.signal.addEventListener('abort', onAbort, { once: true });
        // The signal may have fired while the stdin file was being written, before the listener existed.
        if (req.signal.aborted) onAbort();

        child.stdout?.on('data', (chunk: Buffer) => {
          stdoutBytes += chunk.length;
          if (stdoutBytes > MAX_STDOUT_BYTES) {
            overflow = true;
            killGroup('SIGKILL');
          } else stdout.push(chunk);
        });
        child.stderr?.on('data', (chunk: Buffer) => {
          const both = Buffer.concat([stderrTail, chunk]);
          stderrTail = both.subarray(Math.max(0, both.length - STDERR_TAIL_BYTES));
        });

        child.on('error', (e: NodeJS.ErrnoException) => {
          // Spawn failures only; a failed kill is followed by 'close' anyway.
          if (child.pid !== undefined) return;
          settle(() =>
            rejectRun(
              e.code === 'ENOENT'
                ? notFound()
                : new HarnessError('unreachable', `${model.id} : impossible de lancer « ${model.command} » (${e.code ?? e.message})`, {
                    hint: e.code === 'EACCES' ? `rendez le programme exécutable : chmod +x ${program}` : 'vérifiez command et cwd',
                    cause: e,
                  }),
            ),
          );
        });
        child.on('close', (code, sig) => {
          const cpuMs = cpuDeltaMs(cpuBeforeMs, clock.readMs());
          const totalMs = deps.now() - startedMs;
          settle(() => {
            if (aborted) return rejectRun(errorFromTransport(req.signal.reason, ctx, req.signal));
            if (overflow) {
              return rejectRun(new HarnessError('bad-response', `${model.id} : sortie de plus de ${MAX_STDOUT_BYTES / 1024 / 1024} Mo, programme arrêté`));
            }
            const stderr = sanitizeBody(stderrTail.toString('utf8'), STDERR_TAIL_BYTES);
            if (code !== 0) {
              const why = code === null ? `arrêté par le signal ${sig ?? '?'}` : `code de sortie ${code}`;
              return rejectRun(new HarnessError('provider-error', `${model.id} : « ${model.command} » a échoué (${why})${stderr ? ` — ${stderr}` : ''}`));
            }
            // Exit 0, nothing on stdout and a complaint on stderr: a failure the program did not report.
            if (stdoutBytes === 0 && stderr) {
              return rejectRun(new HarnessError('provider-error', `${model.id} : « ${model.command} » n'a rien répondu — ${stderr}`));
            }
            resolveRun({ stdout: Buffer.concat(stdout).toString('utf8'), totalMs, ...(cpuMs === undefined ? {} : { cpuMs }) });
          });
        });
      });

    const describeApertium = async (signal: AbortSignal): Promise<Record<string, unknown>> => {
      const direction = apertiumDirection(model.args);
      const [a, b] = direction?.split('-') ?? [];
      const packages = ['apertium', ...(a && b ? [`apertium-${a}-${b}`, `apertium-${b}-${a}`] : [])];
      const out = await lookup('dpkg-query', ['-W', '-f', '${Package}\t${Version}\n', ...packages], env, signal);
      const versions = Object.fromEntries(
        (out ?? '')
          .split('\n')
          .map((line) => line.split('\t'))
          .filter((p): p is [string, string] => p.length === 2 && p[1] !== ''),
      );
      const { apertium: version, ...data } = versions;
      return { ...(version ? { version } : {}), ...(Object.keys(data).length ? { packages: data } : {}) };
    };

    return {
      id: model.id,
      hosting: model.hosting,

      async complete(req: CompletionRequest): Promise<Completion> {
        if (req.signal.aborted) throw errorFromTransport(req.signal.reason, ctx, req.signal);
        const args = renderArgs(req);
        const input = renderInput(req);
        const stdin = model.stdin === 'prompt' ? await openPromptAsStdin(input) : undefined;
        let outcome: RunOutcome;
        try {
          outcome = await run(req, args, stdin?.fd ?? 'ignore');
        } finally {
          await stdin?.close();
        }
        const { stdout, totalMs, cpuMs } = outcome;
        const text = model.trim ? stdout.trim() : stdout;
        return {
          text,
          usage: { inputTokens: estimateTokens(input), outputTokens: estimateTokens(text), estimated: true },
          // The whole answer arrives at once: the first token comes with the last.
          timings: { ttftMs: totalMs, totalMs },
          modelIdentity: [model.command, ...model.args].join(' '),
          ...(cpuMs === undefined ? {} : { cpuMs }),
        };
      },

      async check(signal: AbortSignal) {
        const candidates = program.includes('/')
          ? [program]
          : (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, program));
        const found: string[] = [];
        for (const path of candidates) if (await isExecutable(path)) found.push(path);
        const located = found[0];
        if (!located) {
          const e = notFound();
          return { ok: false as const, reason: e.message.replace(`${model.id} : `, ''), ...(e.hint ? { hint: e.hint } : {}) };
        }
        const direction = isApertium(model.command) && !model.args.includes('-d') ? apertiumDirection(model.args) : undefined;
        if (direction) {
          const listed = await lookup(located, ['-l'], env, signal);
          if (listed !== undefined && !listed.split(/\s+/).includes(direction)) {
            const [a, b] = direction.split('-');
            return {
              ok: false as const,
              reason: `direction de traduction « ${direction} » non installée pour Apertium`,
              hint: `sudo apt-get install apertium-${a}-${b} (ou apertium-${b}-${a}) ; « apertium -l » liste les directions installées`,
            };
          }
        }
        return { ok: true as const };
      },

      async describe(signal: AbortSignal): Promise<Record<string, unknown>> {
        return {
          provider: 'command',
          command: model.command,
          args: model.args,
          ...(model.cwd ? { cwd: model.cwd } : {}),
          // dpkg rather than `apertium -V`: it also gives the language data packages, which decide the translations.
          ...(isApertium(model.command) ? await describeApertium(signal) : {}),
        };
      },
    };
  },
});

export const commandProvider = createCommandProviderDefinition();
